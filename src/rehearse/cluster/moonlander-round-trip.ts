// The Moonlander round trip of a cluster rehearsal: the real controller (the code of `moonlab moonlander run`,
// handed in by the caller because rehearse/ and moonlander/ share a floor) runs in-process against the rehearsal's
// API server as the tree's ServiceAccount, with a second kube-apiserver standing in for the guest cluster. Legs,
// each timed (moonlander-legs.ts): the tree's Moonlander objects applied by kustomize-controller; the controller
// watching; a Landing created -> the parent kubeconfig copied into the guest and the Landing Ready (computed by
// Moonlander); the source changed -> the copy follows; the Landing deleted -> the copy removed and the finalizer
// released; the controller stopped. A missing permission in the tree's RBAC fails a leg with the API's 403.
import { join } from "node:path";
import { CoreV1Api, KubernetesObjectApi, PatchStrategy } from "@kubernetes/client-node";
import { kubeConfigFrom } from "../../adapters/kube/client-node.ts";
import { type LandingSpec, resolvedSpec } from "../../render/gitops/landing-spec.ts";
import { condition } from "../../render/gitops/read.ts";
import type { Obj } from "./dry-run.ts";
import { appliedByFluxNow, appliedEvidence } from "./flux-labels.ts";
import {
  ensureNamespace,
  kubeconfigText,
  putSecret,
  type SecretKeyRef,
  serviceAccountKubeconfig,
} from "./moonlander-credentials.ts";
import { Legs, orUndefined, type RoundTripLeg } from "./moonlander-legs.ts";
import { type MoonlanderRunner, type RunningController, runController } from "./moonlander-process.ts";
import { type MoonlanderTree, refOf } from "./moonlander-tree.ts";

export type { RoundTripLeg } from "./moonlander-legs.ts";
export type { MoonlanderRunner } from "./moonlander-process.ts";

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

interface Clusters {
  readonly core: CoreV1Api;
  readonly objects: KubernetesObjectApi;
  readonly guest: CoreV1Api;
}

const FIELD_MANAGER = "moonlab-rehearsal";

/** Leg 1: every object giving the ServiceAccount its rights carries kustomize-controller's labels. */
function treeApplied(legs: Legs, c: Clusters, tree: MoonlanderTree, timeoutMs: number): Promise<boolean> {
  let by = new Map<string, string | undefined>();
  return legs.run({
    name: "applied",
    what: "the tree's Moonlander CRD, ServiceAccount and RBAC applied by kustomize-controller",
    timeoutMs,
    probe: async () => {
      by = await appliedByFluxNow(c.objects, tree.rbac);
      return tree.rbac.length > 0 && [...by.values()].every((v) => v !== undefined);
    },
    ok: () => appliedEvidence(by),
  });
}

interface Prepared {
  readonly source: SecretKeyRef;
  readonly copy: SecretKeyRef;
  readonly v1: string;
  readonly kubeconfig: string;
  readonly identity: string;
  readonly applied: readonly string[];
}

/** Step 2: what CozyStack and the operator would have put in place, the guest stage's RBAC, the SA's token. */
async function prepare(o: RoundTripOptions, c: Clusters, landing: Obj): Promise<Prepared> {
  const spec = resolvedSpec(landing as unknown as { metadata: { name: string }; spec?: LandingSpec });
  const [namespace = "", name = ""] = o.tree.flags.source.split("/");
  const source = { namespace, name, key: o.tree.flags.sourceKey };
  const v1 = kubeconfigText(o.adminKubeconfigPath);
  for (const ns of [spec.kubeconfigSecretNamespace, ...o.tree.guestObjects.map((x) => x.metadata.namespace)])
    if (ns) await ensureNamespace(c.core, ns);
  for (const x of o.tree.guestObjects)
    await c.objects.patch(x, undefined, undefined, FIELD_MANAGER, true, PatchStrategy.ServerSideApply);
  const admin = { namespace: spec.kubeconfigSecretNamespace, name: spec.kubeconfigSecretName };
  await putSecret(c.core, { ...admin, key: spec.kubeconfigSecretKey }, kubeconfigText(o.guestKubeconfigPath));
  await putSecret(c.core, source, v1);
  const kubeconfig = join(o.workDir, "moonlander.kubeconfig");
  const identity = await serviceAccountKubeconfig(o.adminKubeconfigPath, c.core, o.tree.serviceAccount, kubeconfig);
  const copy = {
    namespace: spec.targetNamespace,
    name: spec.writeKubeconfigSecretName,
    key: spec.writeKubeconfigSecretKey,
  };
  return { source, copy, v1, kubeconfig, identity, applied: o.tree.guestObjects.map(refOf) };
}

/** Legs 2-5: watching, landed, followed, unlanded; stops at the first failure. */
async function landFollowUnland(
  legs: Legs,
  c: Clusters,
  landing: Obj,
  p: Prepared,
  controller: RunningController,
  guestServer: string,
): Promise<void> {
  const copy = async (): Promise<string | undefined> => {
    const s = await orUndefined(c.guest.readNamespacedSecret({ name: p.copy.name, namespace: p.copy.namespace }));
    const v = s?.data?.[p.copy.key];
    return v === undefined ? undefined : Buffer.from(v, "base64").toString("utf8");
  };
  const landingNow = async () => (await orUndefined(c.objects.read(landing as never))) as Obj | undefined;
  const where = `${p.copy.namespace}/${p.copy.name} key ${p.copy.key} in the guest (${guestServer})`;
  const v2 = `${p.v1.trimEnd()}\n# rotated by the cluster rehearsal at ${new Date().toISOString()}\n`;
  const ref = `${landing.metadata.namespace}/${landing.metadata.name}`;
  if (
    !(await legs.run({
      name: "watching",
      what: `controller watching Landings as ${p.identity}`,
      probe: async () => controller.ended() === undefined && controller.log.includes("watching Landings"),
      ok: () => [controller.log[0] ?? ""],
    }))
  )
    return;
  await c.objects.patch(landing, undefined, undefined, FIELD_MANAGER, true, PatchStrategy.ServerSideApply);
  const ready = async () => condition(((await landingNow()) ?? {}) as { status?: unknown }, "Ready")?.status;
  if (
    !(await legs.run({
      name: "landed",
      what: `Landing ${ref} created -> parent kubeconfig in the guest, Landing Ready`,
      probe: async () => (await copy()) === p.v1 && (await ready()) === "True",
      ok: () => [`copy ${where}`, "Landing Ready=True (written by Moonlander)"],
    }))
  )
    return;
  await putSecret(c.core, p.source, v2);
  if (
    !(await legs.run({
      name: "followed",
      what: `source secret ${p.source.namespace}/${p.source.name} changed -> the copy follows`,
      probe: async () => (await copy()) === v2,
      ok: () => [`copy ${where} equals the new source`],
    }))
  )
    return;
  await c.objects.delete(landing);
  await legs.run({
    name: "unlanded",
    what: "Landing deleted -> the copy removed from the guest, the finalizer released",
    probe: async () => (await landingNow()) === undefined && (await copy()) === undefined,
    ok: () => [`${where}: gone`, "Landing gone"],
  });
}

export async function moonlanderRoundTrip(o: RoundTripOptions): Promise<MoonlanderRoundTripReport> {
  const kc = kubeConfigFrom(o.adminKubeconfigPath);
  const c: Clusters = {
    core: kc.makeApiClient(CoreV1Api),
    objects: KubernetesObjectApi.makeApiClient(kc),
    guest: kubeConfigFrom(o.guestKubeconfigPath).makeApiClient(CoreV1Api),
  };
  const landing = o.tree.landings[0];
  let controller: RunningController | undefined;
  // On failure: the Landing's Ready condition as Moonlander wrote it, and the controller's complaints.
  const failureEvidence = async (): Promise<string[]> => {
    const now = landing ? await orUndefined(c.objects.read(landing as never)).catch(() => undefined) : undefined;
    const cond = now ? condition(now as { status?: unknown }, "Ready") : undefined;
    // One line per distinct complaint: the backoff's "retry in Ns" differs between otherwise equal lines.
    const complaints = (controller?.log ?? [])
      .filter((l) => /forbidden|failed|Missing|Unreadable|Unreachable/i.test(l))
      .map((l) => l.replace(/retry in [\d.]+s: /, ""));
    return [
      ...(cond ? [`Landing Ready=${cond.status} ${cond.reason}: ${cond.message}`] : []),
      ...[...new Set(complaints)].slice(-6).map((l) => `controller: ${l}`),
    ];
  };
  const legs = new Legs(o.legTimeoutMs ?? 30_000, failureEvidence, o.log);
  const report = (identity: string, applied: readonly string[]): MoonlanderRoundTripReport => ({
    guestServer: o.guestServer,
    identity,
    appliedByRehearsal: applied,
    legs: legs.done,
    ok: legs.ok,
  });
  if (!(await treeApplied(legs, c, o.tree, o.appliedTimeoutMs))) return report("", []);
  if (!landing) {
    legs.record({ name: "landed", what: "a Landing to land", ok: false, ms: 0, evidence: ["the tree has none"] });
    return report("", []);
  }
  const p = await prepare(o, c, landing);
  // The Deployment's flags, but a 2 s retry (the tree says 30 s) so a waiting Landing is seen again within a leg.
  const { flags } = o.tree;
  controller = runController(o.run, { ...flags, kubeconfig: p.kubeconfig, retrySeconds: 2 }, o.log);
  const running = controller;
  await landFollowUnland(legs, c, landing, p, running, o.guestServer);
  // Always stopped, whatever happened above.
  running.stop("rehearsal done");
  await legs.run({
    name: "stopped",
    what: "controller stopped cleanly",
    timeoutMs: 10_000,
    probe: async () => running.ended() === "stopped",
    ok: () => ["the runner returned after the stop"],
  });
  return report(p.identity, p.applied);
}
