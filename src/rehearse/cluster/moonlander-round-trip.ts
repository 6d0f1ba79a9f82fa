// The Moonlander round trip of a cluster rehearsal: the real controller (the code of `moonlab moonlander run`,
// handed in by the caller because rehearse/ and moonlander/ share a floor) runs in-process against the rehearsal's
// API server as the tree's ServiceAccount, with a second kube-apiserver standing in for the guest cluster. Legs,
// each timed: the tree's Moonlander objects applied by kustomize-controller; the controller watching; a Landing
// created -> the parent kubeconfig copied into the guest and the Landing Ready (computed by Moonlander); the source
// changed -> the copy follows; the Landing deleted -> the copy removed and the finalizer released; the controller
// stopped. A missing permission in the tree's RBAC makes a leg fail with the API server's 403 in its evidence.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { ApiException, CoreV1Api, KubernetesObjectApi, PatchStrategy } from "@kubernetes/client-node";
import { kubeConfigFrom } from "../../adapters/kube/client-node.ts";
import { type LandingSpec, resolvedSpec } from "../../render/gitops/landing-spec.ts";
import { condition } from "../../render/gitops/read.ts";
import { sleep } from "../proc.ts";
import type { Obj } from "./dry-run.ts";
import {
  ensureNamespace,
  kubeconfigText,
  putSecret,
  type SecretKeyRef,
  serviceAccountKubeconfig,
} from "./moonlander-credentials.ts";
import { type MoonlanderTree, refOf } from "./moonlander-tree.ts";

/** The options of src/app/moonlander-run.ts's runMoonlander, which the caller passes as `MoonlanderRunner`. */
export interface MoonlanderRunOptions {
  readonly kubeconfig: string;
  readonly source: string;
  readonly sourceKey: string;
  readonly resyncSeconds: number;
  readonly retrySeconds: number;
  readonly log: (line: string) => void;
  readonly until: Promise<string>;
}
/** Runs the controller until `until` resolves (resolves once it stopped). */
export type MoonlanderRunner = (o: MoonlanderRunOptions) => Promise<void>;

export interface RoundTripLeg {
  readonly name: "applied" | "watching" | "landed" | "followed" | "unlanded" | "stopped";
  readonly what: string;
  readonly ok: boolean;
  readonly ms: number;
  readonly evidence: readonly string[];
}

export interface MoonlanderRoundTripReport {
  readonly guestServer: string;
  /** The identity the controller ran as. */
  readonly identity: string;
  /** The guest stage's objects the rehearsal applied itself (that stage waits on CozyStack's tenant here). */
  readonly appliedByRehearsal: readonly string[];
  readonly legs: readonly RoundTripLeg[];
  readonly ok: boolean;
}

export interface RoundTripOptions {
  readonly adminKubeconfigPath: string;
  readonly guestKubeconfigPath: string;
  readonly guestServer: string;
  readonly tree: MoonlanderTree;
  readonly run: MoonlanderRunner;
  readonly workDir: string;
  readonly log: (line: string) => void;
  /** Longest wait of the `applied` leg (kustomize-controller reaching the infrastructure stage). */
  readonly appliedTimeoutMs: number;
  /** Longest wait of every other leg (default 30 s). */
  readonly legTimeoutMs?: number;
}

const FIELD_MANAGER = "moonlab-rehearsal";
const FLUX_NAME_LABEL = "kustomize.toolkit.fluxcd.io/name";
const FLUX_NAMESPACE_LABEL = "kustomize.toolkit.fluxcd.io/namespace";

/** Polls `probe` every 200 ms until it holds or `timeoutMs` passes; `ms` is the time it took either way. */
async function until(probe: () => Promise<boolean>, timeoutMs: number): Promise<{ ok: boolean; ms: number }> {
  const t0 = performance.now();
  for (;;) {
    if (await probe().catch(() => false)) return { ok: true, ms: Math.round(performance.now() - t0) };
    if (performance.now() - t0 > timeoutMs) return { ok: false, ms: Math.round(performance.now() - t0) };
    await sleep(200);
  }
}

const orUndefined = async <T>(p: Promise<T>): Promise<T | undefined> =>
  p.catch((e: unknown) => {
    if (e instanceof ApiException && e.code === 404) return undefined;
    throw e;
  });

function secretRef(namespace: string, name: string, key: string): SecretKeyRef {
  return { namespace, name, key };
}

export async function moonlanderRoundTrip(o: RoundTripOptions): Promise<MoonlanderRoundTripReport> {
  const legTimeout = o.legTimeoutMs ?? 30_000;
  const parentKc = kubeConfigFrom(o.adminKubeconfigPath);
  const parent = { core: parentKc.makeApiClient(CoreV1Api), objects: KubernetesObjectApi.makeApiClient(parentKc) };
  const guestCore = kubeConfigFrom(o.guestKubeconfigPath).makeApiClient(CoreV1Api);
  const controllerLog: string[] = [];
  const legs: RoundTripLeg[] = [];
  const landing = o.tree.landings[0];
  const base = { guestServer: o.guestServer, identity: "", appliedByRehearsal: [] as string[] };
  const finish = (identity: string, applied: string[]): MoonlanderRoundTripReport => ({
    ...base,
    identity,
    appliedByRehearsal: applied,
    legs,
    ok: legs.length === 6 && legs.every((l) => l.ok),
  });
  /** On failure: the Landing's Ready condition as Moonlander wrote it, and the controller's complaints. */
  const failureEvidence = async (): Promise<string[]> => {
    const current = landing
      ? await orUndefined(parent.objects.read(landing as never)).catch(() => undefined)
      : undefined;
    const c = current ? condition(current as { status?: unknown }, "Ready") : undefined;
    const complaints = controllerLog.filter((l) => /forbidden|failed|Missing|Unreadable|Unreachable/i.test(l));
    return [
      ...(c ? [`Landing Ready=${c.status} ${c.reason}: ${c.message}`] : []),
      ...[...new Set(complaints)].slice(-6).map((l) => `controller: ${l}`),
    ];
  };
  const leg = async (
    name: RoundTripLeg["name"],
    what: string,
    probe: () => Promise<boolean>,
    ok: () => string[],
    timeoutMs = legTimeout,
  ): Promise<boolean> => {
    const r = await until(probe, timeoutMs);
    const evidence = r.ok ? ok() : [`not within ${(timeoutMs / 1000).toFixed(0)} s`, ...(await failureEvidence())];
    legs.push({ name, what, ok: r.ok, ms: r.ms, evidence });
    o.log(
      `moonlander round trip: ${what}: ${r.ok ? "ok" : "FAILED"} (${r.ms} ms)${r.ok ? "" : `: ${evidence.join("; ")}`}`,
    );
    return r.ok;
  };

  // 1. The tree's Landing CRD, ServiceAccount and RBAC, applied by kustomize-controller (its labels on each).
  const appliedBy = new Map<string, string>();
  const applied = await leg(
    "applied",
    "the tree's Moonlander CRD, ServiceAccount and RBAC applied by kustomize-controller",
    async () => {
      for (const x of o.tree.rbac) {
        const live = (await orUndefined(parent.objects.read(x as never))) as Obj | undefined;
        const labels = (live?.metadata.labels ?? {}) as Record<string, string>;
        if (!labels[FLUX_NAME_LABEL]) return false;
        appliedBy.set(refOf(x), `${labels[FLUX_NAMESPACE_LABEL]}/${labels[FLUX_NAME_LABEL]}`);
      }
      return o.tree.rbac.length > 0;
    },
    () => [...appliedBy].map(([ref, by]) => `${ref} (Kustomization ${by})`),
    o.appliedTimeoutMs,
  );
  if (!applied || !landing) {
    if (applied)
      legs.push({
        name: "watching",
        what: "a Landing to land",
        ok: false,
        ms: 0,
        evidence: ["the tree declares no Landing"],
      });
    return finish("", []);
  }

  // 2. What CozyStack and the operator would have put in place, and the guest stage's RBAC (see appliedByRehearsal).
  const spec = resolvedSpec(
    landing as unknown as { metadata: { name: string; namespace?: string }; spec?: LandingSpec },
  );
  const [sourceNs = "", sourceName = ""] = o.tree.flags.source.split("/");
  const source = secretRef(sourceNs, sourceName, o.tree.flags.sourceKey);
  const copyRef = secretRef(spec.targetNamespace, spec.writeKubeconfigSecretName, spec.writeKubeconfigSecretKey);
  const v1 = kubeconfigText(o.adminKubeconfigPath);
  for (const ns of [spec.kubeconfigSecretNamespace, ...o.tree.guestObjects.map((x) => x.metadata.namespace)])
    if (ns) await ensureNamespace(parent.core, ns);
  const ssa = (x: Obj) =>
    parent.objects.patch(x, undefined, undefined, FIELD_MANAGER, true, PatchStrategy.ServerSideApply);
  for (const x of o.tree.guestObjects) await ssa(x);
  await putSecret(
    parent.core,
    secretRef(spec.kubeconfigSecretNamespace, spec.kubeconfigSecretName, spec.kubeconfigSecretKey),
    kubeconfigText(o.guestKubeconfigPath),
  );
  await putSecret(parent.core, source, v1);
  mkdirSync(o.workDir, { recursive: true });
  const kubeconfig = join(o.workDir, "moonlander.kubeconfig");
  const identity = await serviceAccountKubeconfig(
    o.adminKubeconfigPath,
    parent.core,
    o.tree.serviceAccount,
    kubeconfig,
  );
  const rehearsalApplied = o.tree.guestObjects.map(refOf);

  // 3. The controller, as the ServiceAccount. The retry is shortened (the tree says 30 s) so a Landing waiting on a
  // secret is seen again within a leg; everything else is the Deployment's flags.
  let stopWith: (why: string) => void = () => {};
  const stopped = new Promise<string>((resolve) => {
    stopWith = resolve;
  });
  let ended: string | undefined;
  const running = o
    .run({
      kubeconfig,
      source: o.tree.flags.source,
      sourceKey: o.tree.flags.sourceKey,
      resyncSeconds: o.tree.flags.resyncSeconds,
      retrySeconds: 2,
      log: (l) => {
        controllerLog.push(l);
        o.log(`moonlander: ${l}`);
      },
      until: stopped,
    })
    .then(
      () => {
        ended = "stopped";
      },
      (e: unknown) => {
        ended = `failed: ${(e as Error).message}`;
        controllerLog.push(`run failed: ${(e as Error).message}`);
      },
    );
  const copy = async (): Promise<string | undefined> => {
    const s = await orUndefined(guestCore.readNamespacedSecret({ name: copyRef.name, namespace: copyRef.namespace }));
    const v = s?.data?.[copyRef.key];
    return v === undefined ? undefined : Buffer.from(v, "base64").toString("utf8");
  };
  const landingNow = async (): Promise<Obj | undefined> =>
    (await orUndefined(parent.objects.read(landing as never))) as Obj | undefined;
  const where = `${copyRef.namespace}/${copyRef.name} key ${copyRef.key} in the guest (${o.guestServer})`;
  const v2 = `${v1.trimEnd()}\n# rotated by the cluster rehearsal at ${new Date().toISOString()}\n`;

  const ok =
    (await leg(
      "watching",
      `controller watching Landings as ${identity}`,
      async () => ended === undefined && controllerLog.includes("watching Landings"),
      () => [controllerLog[0] ?? ""],
    )) &&
    (await (async () => {
      await ssa(landing);
      return leg(
        "landed",
        `Landing ${landing.metadata.namespace}/${landing.metadata.name} created -> parent kubeconfig in the guest, Landing Ready`,
        async () =>
          (await copy()) === v1 &&
          condition(((await landingNow()) ?? {}) as { status?: unknown }, "Ready")?.status === "True",
        () => [`copy ${where}`, `Landing Ready=True (written by Moonlander)`],
      );
    })()) &&
    (await (async () => {
      await putSecret(parent.core, source, v2);
      return leg(
        "followed",
        `source secret ${o.tree.flags.source} changed -> the copy follows`,
        async () => (await copy()) === v2,
        () => [`copy ${where} equals the new source`],
      );
    })()) &&
    (await (async () => {
      await parent.objects.delete(landing);
      return leg(
        "unlanded",
        "Landing deleted -> the copy removed from the guest, the finalizer released",
        async () => (await landingNow()) === undefined && (await copy()) === undefined,
        () => [`${where}: gone`, "Landing gone"],
      );
    })());
  void ok;
  // 4. Always stop the controller, whatever happened above.
  stopWith("rehearsal done");
  await leg(
    "stopped",
    "controller stopped cleanly",
    async () => ended !== undefined,
    () => [`${ended}`],
    10_000,
  );
  if (ended === undefined) void running;
  else if (ended !== "stopped")
    legs[legs.length - 1] = { ...(legs.at(-1) as RoundTripLeg), ok: false, evidence: [ended] };
  return finish(identity, rehearsalApplied);
}
