// Moonlander's reconcile loop as a pure function over narrow stores (written from the behaviour in
// ../shared/docs/FACTS.md; the original's code is not used). A Landing names a child cluster's admin kubeconfig
// secret in the parent; reconcile copies the parent's kubeconfig into the child (where Harvey's Crossplane
// ProviderConfig reads it). Ours adds what the original lacked: a finalizer that removes the written secret when the
// Landing goes, a Ready condition with reasons, observedGeneration, and a requeue interval for drift.
import { type LandingSpec, resolvedSpec } from "../render/gitops/landing-spec.ts";
import type { Condition } from "../render/gitops/read.ts";

export { type LandingSpec, resolvedSpec };

export const FINALIZER = "moons.urmanac.com/landing";
export const MANAGED_BY = { "app.kubernetes.io/managed-by": "moonlander" } as const;

export interface LandingStatus {
  readonly observedGeneration?: number;
  readonly conditions: readonly (Condition & { readonly lastTransitionTime: string })[];
}

export interface Landing {
  readonly metadata: {
    readonly name: string;
    readonly namespace: string;
    readonly generation?: number;
    /** Sent back with finalizer changes as an optimistic lock (a stale copy gets 409 and is retried). */
    readonly resourceVersion?: string;
    readonly finalizers?: readonly string[];
    readonly deletionTimestamp?: string;
  };
  readonly spec: LandingSpec;
  readonly status?: LandingStatus;
}

/** Secret data as the API carries it: base64 values. */
export type SecretData = Readonly<Record<string, string>>;

export interface SecretStore {
  getSecret(namespace: string, name: string): Promise<SecretData | undefined>;
  applySecret(
    namespace: string,
    name: string,
    data: SecretData,
    labels: Readonly<Record<string, string>>,
  ): Promise<void>;
  deleteSecret(namespace: string, name: string): Promise<void>;
}

export interface ParentCluster extends SecretStore {
  setFinalizers(landing: Landing, finalizers: readonly string[]): Promise<void>;
  setStatus(landing: Landing, status: LandingStatus): Promise<void>;
}

export interface ReconcileDeps {
  readonly parent: ParentCluster;
  /** A client for the child cluster from its kubeconfig (YAML text); may throw when the child is unreachable. */
  readonly connect: (kubeconfig: string) => SecretStore;
  /** The kubeconfig the child should use to reach the parent; undefined while its source does not exist. */
  readonly parentKubeconfig: () => string | undefined;
  readonly now: () => Date;
  /** Overrides of RESYNC_SECONDS and RETRY_SECONDS (the controller's flags). */
  readonly resyncSeconds?: number;
  readonly retrySeconds?: number;
}

export interface ReconcileResult {
  readonly ready: boolean;
  readonly reason: string;
  /** Seconds until the next reconcile (drift check or retry); undefined after a finished deletion. */
  readonly requeueAfter?: number;
}

export const RESYNC_SECONDS = 600;
export const RETRY_SECONDS = 30;

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");
const unb64 = (s: string) => Buffer.from(s, "base64").toString("utf8");

async function childKubeconfig(
  l: Landing,
  deps: ReconcileDeps,
): Promise<{ kubeconfig?: string; reason: string; message: string }> {
  const s = resolvedSpec(l);
  let data: SecretData | undefined;
  try {
    data = await deps.parent.getSecret(s.kubeconfigSecretNamespace, s.kubeconfigSecretName);
  } catch (e) {
    // Typically RBAC: the controller may read only the secrets the tree grants it (docs/gitops.md).
    return { reason: "KubeconfigUnreadable", message: (e as Error).message };
  }
  if (!data)
    return {
      reason: "KubeconfigMissing",
      message: `secret ${s.kubeconfigSecretNamespace}/${s.kubeconfigSecretName} does not exist yet`,
    };
  const value = data[s.kubeconfigSecretKey];
  if (value === undefined)
    return {
      reason: "KubeconfigKeyMissing",
      message: `secret ${s.kubeconfigSecretNamespace}/${s.kubeconfigSecretName} has no key ${s.kubeconfigSecretKey}`,
    };
  return { kubeconfig: unb64(value), reason: "", message: "" };
}

/** JSON with object keys sorted: the API server returns custom resources with their keys sorted. */
function canonical(v: unknown): string {
  const sort = (x: unknown): unknown =>
    Array.isArray(x)
      ? x.map(sort)
      : x && typeof x === "object"
        ? Object.fromEntries(
            Object.keys(x)
              .sort()
              .map((k) => [k, sort((x as Record<string, unknown>)[k])]),
          )
        : x;
  return JSON.stringify(sort(v));
}

async function report(l: Landing, deps: ReconcileDeps, ready: boolean, reason: string, message: string): Promise<void> {
  const status = ready ? "True" : "False";
  const prev = l.status?.conditions.find((c) => c.type === "Ready");
  // lastTransitionTime moves only when the status flips (Kubernetes condition convention).
  const lastTransitionTime = prev && prev.status === status ? prev.lastTransitionTime : deps.now().toISOString();
  const next: LandingStatus = {
    ...(l.metadata.generation !== undefined ? { observedGeneration: l.metadata.generation } : {}),
    conditions: [{ type: "Ready", status, reason, message, lastTransitionTime }],
  };
  if (canonical(next) !== canonical(l.status)) await deps.parent.setStatus(l, next);
}

export async function reconcileLanding(l: Landing, deps: ReconcileDeps): Promise<ReconcileResult> {
  const s = resolvedSpec(l);
  const finalizers = l.metadata.finalizers ?? [];
  if (l.metadata.deletionTimestamp !== undefined) {
    if (!finalizers.includes(FINALIZER)) return { ready: false, reason: "Deleted" };
    // Remove what we wrote in the child; a child that is already gone (its kubeconfig secret deleted with it)
    // has nothing left to clean, so the finalizer is released instead of blocking the Landing forever.
    const child = await childKubeconfig(l, deps);
    if (child.kubeconfig !== undefined) {
      try {
        await deps.connect(child.kubeconfig).deleteSecret(s.targetNamespace, s.writeKubeconfigSecretName);
      } catch (e) {
        await report(l, deps, false, "CleanupFailed", (e as Error).message);
        return { ready: false, reason: "CleanupFailed", requeueAfter: deps.retrySeconds ?? RETRY_SECONDS };
      }
    }
    await deps.parent.setFinalizers(
      l,
      finalizers.filter((f) => f !== FINALIZER),
    );
    return { ready: false, reason: "Deleted" };
  }
  if (!finalizers.includes(FINALIZER)) await deps.parent.setFinalizers(l, [...finalizers, FINALIZER]);
  const child = await childKubeconfig(l, deps);
  if (child.kubeconfig === undefined) {
    await report(l, deps, false, child.reason, child.message);
    return { ready: false, reason: child.reason, requeueAfter: deps.retrySeconds ?? RETRY_SECONDS };
  }
  const parentKubeconfig = deps.parentKubeconfig();
  if (parentKubeconfig === undefined) {
    const reason = "ParentKubeconfigMissing";
    await report(l, deps, false, reason, "the parent kubeconfig to hand to the child does not exist yet");
    return { ready: false, reason, requeueAfter: deps.retrySeconds ?? RETRY_SECONDS };
  }
  try {
    await deps
      .connect(child.kubeconfig)
      .applySecret(
        s.targetNamespace,
        s.writeKubeconfigSecretName,
        { [s.writeKubeconfigSecretKey]: b64(parentKubeconfig) },
        MANAGED_BY,
      );
  } catch (e) {
    await report(l, deps, false, "ChildUnreachable", (e as Error).message);
    return { ready: false, reason: "ChildUnreachable", requeueAfter: deps.retrySeconds ?? RETRY_SECONDS };
  }
  await report(
    l,
    deps,
    true,
    "Landed",
    `wrote ${s.targetNamespace}/${s.writeKubeconfigSecretName} in the child cluster`,
  );
  return { ready: true, reason: "Landed", requeueAfter: deps.resyncSeconds ?? RESYNC_SECONDS };
}
