// MetalLB in a cluster rehearsal: once kustomize-controller applied the tree's IPAddressPool and L2Advertisement
// (infrastructure stage; that stage never turns Ready here because it health-checks spin-operator's HelmRelease, but
// kustomize-controller applies its objects before the health check), MetalLB's real controller starts as a local
// process and a Service shaped as the tree's demo Service must get an address from the pool (metallb-allocation.ts).
// The speaker does not run (it announces addresses on a real L2 segment), so the address is allocated, not reachable.
// A plan without a pool (the moon/AWS example) gets no MetalLB objects: then MetalLB is reported not applicable.
import { CoreV1Api, KubernetesObjectApi } from "@kubernetes/client-node";
import { kubeConfigFrom } from "../../adapters/kube/client-node.ts";
import type { Plan } from "../../plan/types.ts";
import { COMPONENTS } from "../../versions/matrix.ts";
import type { Obj } from "./dry-run.ts";
import { appliedByFluxNow, appliedEvidence } from "./flux-labels.ts";
import { allocationLeg, type MetallbLeg } from "./metallb-allocation.ts";
import { type MetallbController, startMetallbController } from "./metallb-controller.ts";
import { type MetallbTree, standInService } from "./metallb-tree.ts";
import { ensureNamespace } from "./moonlander-credentials.ts";
import { until } from "./moonlander-legs.ts";
import { refOf } from "./moonlander-tree.ts";
import { ProcessGroup } from "./process-group.ts";

export type { MetallbLeg } from "./metallb-allocation.ts";

export interface MetallbReport {
  readonly applicable: boolean;
  /** Why MetalLB has nothing to do for this plan (when not applicable). */
  readonly reason?: string;
  readonly controller: string;
  /** What the rehearsal created for the controller (a stand-in Pod, a ServiceAccount). */
  readonly standIns: readonly string[];
  readonly legs: readonly MetallbLeg[];
  /** The address MetalLB's controller wrote into the Service's status. */
  readonly address?: string;
  readonly ok: boolean;
}

export const METALLB_CONTROLLER = `MetalLB controller ${COMPONENTS.metallb.version} (local process; no speaker: it needs real L2)`;

export interface MetallbOptions {
  readonly adminKubeconfigPath: string;
  readonly plan: Plan;
  readonly tree: MetallbTree | { readonly notApplicable: string };
  readonly workDir: string;
  readonly log: (line: string) => void;
  /** Longest wait for kustomize-controller to apply the pool objects. */
  readonly appliedTimeoutMs: number;
  /** The started controller, for the rehearsal to stop with everything else. */
  readonly started: (c: MetallbController) => void;
}

/** Leg 1: every pool object of the tree carries kustomize-controller's labels. */
async function poolApplied(objects: KubernetesObjectApi, pool: readonly Obj[], timeoutMs: number): Promise<MetallbLeg> {
  let by = new Map<string, string | undefined>(pool.map((x) => [refOf(x), undefined]));
  const r = await until(async () => {
    by = await appliedByFluxNow(objects, pool);
    return [...by.values()].every((v) => v !== undefined);
  }, timeoutMs);
  const what = "the tree's IPAddressPool and L2Advertisement applied by kustomize-controller";
  return { name: "applied", what, ok: r.ok, ms: r.ms, evidence: appliedEvidence(by) };
}

/** Starts the controller and runs the allocation leg against pool objects already in the cluster. */
export async function allocateFromPool(
  o: Omit<MetallbOptions, "tree" | "appliedTimeoutMs"> & { readonly tree: MetallbTree; readonly legTimeoutMs?: number },
): Promise<{ leg: MetallbLeg & { address?: string }; standIns: readonly string[] }> {
  const pool = o.plan.network.loadBalancerPool;
  if (!pool) throw new Error("the plan has no network.loadBalancerPool to check the address against");
  const core = kubeConfigFrom(o.adminKubeconfigPath).makeApiClient(CoreV1Api);
  const c = await startMetallbController({
    kubeconfigPath: o.adminKubeconfigPath,
    core,
    namespace: o.tree.namespace,
    workDir: o.workDir,
  });
  o.started(c);
  o.log(`MetalLB's controller ready (--namespace=${o.tree.namespace}); stand-ins: ${c.standIns.join(", ")}`);
  const service = standInService(o.tree, o.tree.service.metadata.namespace ?? "default");
  await ensureNamespace(core, service.metadata.namespace ?? "default");
  const alive = () => ProcessGroup.alive(c.process);
  const leg = await allocationLeg({ core, service, pool, timeoutMs: o.legTimeoutMs ?? 30_000, alive });
  return { leg, standIns: c.standIns };
}

const failedToStart = (e: unknown, ms: number): MetallbLeg & { address?: string } => ({
  name: "allocated",
  what: "LoadBalancer Service gets an address from the pool",
  ok: false,
  ms,
  evidence: [`MetalLB's controller did not start: ${(e as Error).message.slice(0, 2000)}`],
});

export async function metallbRehearsal(o: MetallbOptions): Promise<MetallbReport> {
  const base = { controller: METALLB_CONTROLLER, standIns: [], legs: [] };
  if ("notApplicable" in o.tree) return { ...base, applicable: false, reason: o.tree.notApplicable, ok: true };
  const tree = o.tree;
  const objects = KubernetesObjectApi.makeApiClient(kubeConfigFrom(o.adminKubeconfigPath));
  const applied = await poolApplied(objects, tree.poolObjects, o.appliedTimeoutMs);
  const log = (l: MetallbLeg) =>
    o.log(`MetalLB: ${l.what}: ${l.ok ? "ok" : "FAILED"} (${l.ms} ms): ${l.evidence.join("; ")}`);
  log(applied);
  if (!applied.ok) return { ...base, applicable: true, legs: [applied], ok: false };
  const t0 = performance.now();
  // A controller that does not start (it exits, or /readyz never answers) fails the leg with its own words rather
  // than the whole rehearsal: the report still shows everything else.
  const { leg, standIns } = await allocateFromPool({ ...o, tree }).catch((e: unknown) => ({
    leg: failedToStart(e, Math.round(performance.now() - t0)),
    standIns: [] as string[],
  }));
  log(leg);
  const { address, ...allocated } = leg;
  return {
    ...base,
    applicable: true,
    standIns,
    legs: [applied, allocated],
    ...(address !== undefined ? { address } : {}),
    ok: leg.ok,
  };
}
