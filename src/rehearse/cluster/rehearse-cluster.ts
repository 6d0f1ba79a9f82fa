// `moonlab rehearse cluster`: the lab's GitOps tree reconciled by the real Flux controllers on a local control plane,
// before anything is spent on AWS. Steps, each timed:
//   1. control plane (etcd, kube-apiserver, controller-manager, scheduler) + kwok nodes named and labelled as the
//      plan's nodes (role, group, moonlab.dev/extension-spin, arch), so scheduling constraints meet real labels;
//   2. the upstream CRDs the tree needs (pinned module contents, 37-crds.sh);
//   3. the rendered tree committed to a git repository served over smart HTTP on loopback (gitops.repo = that URL),
//      with loopback mirrors for the upstream git sources it names;
//   4. server-side dry-run of every object of every Kustomization path;
//   5. source-controller + kustomize-controller, the tree's flux/ applied as bootstrap/install.sh does, and the
//      controllers' own status read until it settles;
//   6. meanwhile, once kustomize-controller applied the tree's Moonlander objects, the Moonlander round trip
//      (moonlander-round-trip.ts) against a second kube-apiserver standing in for the guest cluster;
//   7. meanwhile, once it applied the tree's MetalLB pool (plans with a load-balancer pool), MetalLB's real controller
//      and a Service shaped as the tree's demo Service getting an address from the pool (metallb.ts).
// Honesty: nothing here writes a status. What needs a controller that does not run here is listed as not reconciled
// here, with the reason; a Kustomization's verdict is whatever kustomize-controller computed.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REHEARSAL_MARKER } from "../../checks/rehearsal-scope.ts";
import type { Plan } from "../../plan/types.ts";
import { gitopsLayout } from "../../render/gitops/layout.ts";
import { condition } from "../../render/gitops/read.ts";
import { type ControlPlane, type KwokNode, startControlPlane } from "./control-plane.ts";
import { installUpstreamCrds } from "./crds.ts";
import { type DryRunReport, dryRunTree } from "./dry-run.ts";
import type { TreeEdit } from "./fleet-repo.ts";
import { type FleetSource, serveFleet } from "./fleet-source.ts";
import { type FluxControllers, startFluxControllers } from "./flux.ts";
import { type FluxStatus, settleFlux } from "./flux-settle.ts";
import type { GitServer } from "./git-server.ts";
import { type Kubectl, kubectlFor } from "./kubectl.ts";
import { type MetallbReport, metallbRehearsal } from "./metallb.ts";
import type { MetallbController } from "./metallb-controller.ts";
import { readMetallbTree } from "./metallb-tree.ts";
import { type MoonlanderRoundTripReport, type MoonlanderRunner, moonlanderRoundTrip } from "./moonlander-round-trip.ts";
import { readMoonlanderTree } from "./moonlander-tree.ts";
import { ABSENT, NOT_HERE, RUNS } from "./what-runs.ts";

export type { FluxStatus } from "./flux-settle.ts";
export { ABSENT, NOT_HERE, RUNS } from "./what-runs.ts";

export interface ClusterRehearsalReport {
  readonly lab: string;
  readonly server: string;
  readonly nodes: readonly KwokNode[];
  readonly crdSets: readonly { readonly name: string; readonly source: string; readonly crds: number }[];
  readonly git: { readonly url: string; readonly commit: string; readonly mirrors: readonly string[] };
  readonly dryRun: DryRunReport;
  readonly sources: readonly FluxStatus[];
  readonly kustomizations: readonly FluxStatus[];
  /** Objects of the tree whose controller is absent, with the reason. */
  readonly notHere: readonly { readonly kind: string; readonly count: number; readonly why: string }[];
  /** The real Moonlander controller against the tree's RBAC and a stand-in guest API server. */
  readonly moonlander: MoonlanderRoundTripReport;
  /** MetalLB's real controller allocating from the tree's pool, or why it is not applicable to the plan. */
  readonly metallb: MetallbReport;
  readonly timings: {
    readonly controlPlaneReadyMs: number;
    readonly guestApiServerReadyMs: number;
    readonly crdsMs: number;
    readonly dryRunMs: number;
    readonly fluxSettledMs: number;
    /** From the controllers' start to the Moonlander round trip's last leg. */
    readonly moonlanderMs: number;
    /** From the controllers' start to the MetalLB allocation's last leg (0 when not applicable). */
    readonly metallbMs: number;
    readonly totalMs: number;
  };
  readonly ok: boolean;
}

export interface ClusterRehearsalOptions {
  /** Moonlander's controller (src/app/moonlander-run.ts's runMoonlander): rehearse/ cannot import moonlander/. */
  readonly moonlander: MoonlanderRunner;
  readonly workDir?: string;
  readonly log?: (line: string) => void;
  /** Longest wait for Flux to settle (default 120 s). */
  readonly settleTimeoutMs?: number;
  /** A change to the rendered tree before it is committed (tests: a permission taken from the tree's RBAC). */
  readonly editTree?: TreeEdit;
}

export interface ClusterRehearsal {
  readonly report: ClusterRehearsalReport;
  readonly kubeconfigPath: string;
  /** The plan as rendered for the rehearsal (gitops.repo = the loopback git server). */
  readonly plan: Plan;
  stop(): Promise<void>;
}

export function kwokNodesOf(plan: Plan): KwokNode[] {
  return plan.nodes.map((n) => ({
    name: n.hostname,
    labels: {
      ...n.labels,
      "kubernetes.io/arch": plan.arch,
      ...(n.role === "controlplane" ? { "node-role.kubernetes.io/control-plane": "" } : {}),
    },
  }));
}

/** What runs while the rehearsal is up; stopped in reverse order of start. */
interface Running {
  cp?: ControlPlane;
  guest?: ControlPlane;
  git?: GitServer;
  flux?: FluxControllers;
  metallb?: MetallbController;
}

async function stopRunning(r: Running): Promise<void> {
  await r.metallb?.stop();
  await r.flux?.stop();
  await r.git?.close();
  await Promise.all([r.guest?.stop(), r.cp?.stop()]);
}

const since = (t: number): number => Math.round(performance.now() - t);

/** Steps 2-4: upstream CRDs, the fleet repository on loopback, the server-side dry-run. */
async function prepareTree(
  plan: Plan,
  dir: string,
  kubectl: Kubectl,
  cp: ControlPlane,
  running: Running,
  opts: ClusterRehearsalOptions,
  log: (l: string) => void,
) {
  const t1 = performance.now();
  const sets = await installUpstreamCrds(kubectl);
  const crdsMs = since(t1);
  log(`${sets.reduce((n, s) => n + s.crds.length, 0)} upstream CRDs Established (${crdsMs} ms)`);
  const fleet = await serveFleet(
    plan,
    join(dir, "git"),
    (g) => {
      running.git = g;
    },
    opts.editTree,
  );
  log(`fleet repository served at ${fleet.url} (commit ${fleet.repo.commit.slice(0, 12)})`);
  const t2 = performance.now();
  const dryRun = await dryRunTree(fleet.repo.plan, fleet.repo.workTree, cp.kubeconfigPath);
  const dryRunMs = since(t2);
  const count = (v: string) => dryRun.objects.filter((o) => o.verdict === v).length;
  log(`server-side dry-run: ${count("accepted")} accepted, ${count("rejected")} rejected (${dryRunMs} ms)`);
  return { sets, crdsMs, fleet, dryRun, dryRunMs };
}

/** Step 5's start: the controllers, the rehearsal marker, and the tree's flux/ applied as bootstrap/install.sh does. */
async function startFlux(
  fleet: FleetSource,
  dir: string,
  kubectl: Kubectl,
  cp: ControlPlane,
  running: Running,
  log: (l: string) => void,
): Promise<number> {
  const t3 = performance.now();
  running.flux = await startFluxControllers(cp.kubeconfigPath, join(dir, "flux"));
  log(`source-controller and kustomize-controller ready (${since(t3)} ms)`);
  const l = gitopsLayout(fleet.repo.plan);
  // The marker `moonlab test --live` reads (src/checks/rehearsal-scope.ts): what runs here, what does not.
  await kubectl([
    "create",
    "configmap",
    REHEARSAL_MARKER.name,
    `--namespace=${REHEARSAL_MARKER.namespace}`,
    `--from-literal=runs=${RUNS}`,
    `--from-literal=absent=${ABSENT.join(",")}`,
    `--from-literal=fleetRepo=${fleet.repo.plan.gitops.repo}`,
  ]);
  await kubectl(["apply", "-k", join(fleet.repo.workTree, l.repoPath, l.dir.flux)]);
  return t3;
}

/** Steps 5-7 together: Flux settling, the Moonlander round trip and MetalLB's allocation, each from `t3` (when
 * the Flux controllers started): the trip and the allocation wait for kustomize-controller to apply their objects. */
async function watchControllers(
  fleet: FleetSource,
  cp: ControlPlane,
  guest: ControlPlane,
  running: Running,
  t3: number,
  dir: string,
  opts: ClusterRehearsalOptions,
  log: (l: string) => void,
) {
  const { plan, workTree } = fleet.repo;
  const [tree, metallbTree] = await Promise.all([readMoonlanderTree(plan, workTree), readMetallbTree(plan, workTree)]);
  const settleTimeoutMs = opts.settleTimeoutMs ?? 120_000;
  const [settled, moonlander, metallb] = await Promise.all([
    settleFlux(cp.kubeconfigPath, t3, settleTimeoutMs, log),
    moonlanderRoundTrip({
      adminKubeconfigPath: cp.kubeconfigPath,
      guestKubeconfigPath: guest.kubeconfigPath,
      guestServer: guest.server,
      tree,
      run: opts.moonlander,
      workDir: dir,
      log,
      appliedTimeoutMs: settleTimeoutMs,
    }).then((m) => ({ ...m, ms: since(t3) })),
    metallbRehearsal({
      adminKubeconfigPath: cp.kubeconfigPath,
      plan,
      tree: metallbTree,
      workDir: join(dir, "metallb"),
      log,
      appliedTimeoutMs: settleTimeoutMs,
      started: (c) => {
        running.metallb = c;
      },
    }).then((m) => ({ ...m, ms: m.applicable ? since(t3) : 0 })),
  ]);
  return { settled, moonlander, metallb };
}

/** Runs the rehearsal and leaves it running; the caller reads the report, may run checks, then calls stop(). */
export async function startClusterRehearsal(plan: Plan, opts: ClusterRehearsalOptions): Promise<ClusterRehearsal> {
  const t0 = performance.now();
  const log = opts.log ?? (() => {});
  const ownDir = opts.workDir === undefined;
  const dir = opts.workDir ?? mkdtempSync(join(tmpdir(), "moonlab-rehearse-cluster-"));
  const running: Running = {};
  const stop = async () => {
    await stopRunning(running);
    if (ownDir) rmSync(dir, { recursive: true, force: true });
  };
  try {
    const nodes = kwokNodesOf(plan);
    const cp = await startControlPlane({ workDir: join(dir, "control-plane"), kwokNodes: nodes, log });
    running.cp = cp;
    // The guest cluster's stand-in starts now, while CRDs, the repository and the dry-run keep the parent busy:
    // started together with the parent it would slow the parent's start on two cores (the 10 s figure).
    const guestStart = startControlPlane({ workDir: join(dir, "guest"), apiServerOnly: true }).then((g) => {
      running.guest = g;
      log(`guest cluster stand-in (kube-apiserver only) ready on ${g.server} (${g.readyMs} ms)`);
      return g;
    });
    guestStart.catch(() => {});
    const kubectl = kubectlFor(cp.kubeconfigPath);
    const prepared = await prepareTree(plan, dir, kubectl, cp, running, opts, log);
    const guest = await guestStart;
    const t3 = await startFlux(prepared.fleet, dir, kubectl, cp, running, log);
    const seen = await watchControllers(prepared.fleet, cp, guest, running, t3, dir, opts, log);
    const report = reportOf(plan, cp, guest, nodes, prepared, seen, since(t0));
    return { report, kubeconfigPath: cp.kubeconfigPath, plan: prepared.fleet.repo.plan, stop };
  } catch (e) {
    await stopRunning(running);
    throw new Error(`cluster rehearsal failed: ${(e as Error).message} (work dir kept: ${dir})`);
  }
}

function reportOf(
  plan: Plan,
  cp: ControlPlane,
  guest: ControlPlane,
  nodes: readonly KwokNode[],
  p: Awaited<ReturnType<typeof prepareTree>>,
  { settled, moonlander, metallb }: Awaited<ReturnType<typeof watchControllers>>,
  totalMs: number,
): ClusterRehearsalReport {
  const l = gitopsLayout(p.fleet.repo.plan);
  const counts = new Map<string, number>();
  for (const o of p.dryRun.objects) {
    const kind = o.ref.split(" ")[1] ?? "";
    if (NOT_HERE[kind]) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  const sync = settled.sources.find(
    (s) => s.metadata.name === l.sourceName && s.metadata.namespace === l.sourceNamespace,
  );
  const { ms: moonlanderMs, ...roundTrip } = moonlander;
  const { ms: metallbMs, ...allocation } = metallb;
  return {
    lab: plan.lab,
    server: cp.server,
    nodes,
    crdSets: p.sets.map((s) => ({ name: s.name, source: s.source, crds: s.crds.length })),
    git: { url: p.fleet.url, commit: p.fleet.repo.commit, mirrors: p.fleet.mirrors },
    dryRun: p.dryRun,
    sources: settled.sourceStatus,
    kustomizations: settled.kustomizationStatus,
    notHere: [...counts].sort().map(([kind, count]) => ({ kind, count, why: NOT_HERE[kind] ?? "" })),
    moonlander: roundTrip,
    metallb: allocation,
    timings: {
      controlPlaneReadyMs: cp.readyMs,
      guestApiServerReadyMs: guest.readyMs,
      crdsMs: p.crdsMs,
      dryRunMs: p.dryRunMs,
      fluxSettledMs: settled.settledMs,
      moonlanderMs,
      metallbMs,
      totalMs,
    },
    // The rehearsal proves: the tree validates server-side, the sync source is fetched, the sync Kustomization
    // applies the tree, Moonlander lands, follows and unlands with the tree's RBAC, and (with a pool) MetalLB's
    // controller gives a Service shaped as the tree's an address from the pool. Stages waiting on absent controllers
    // are reported, not failed.
    ok:
      p.dryRun.ok &&
      sync !== undefined &&
      condition(sync, "Ready")?.status === "True" &&
      settled.kustomizations.some(
        (k) => k.metadata.name === l.sourceName && condition(k, "Ready")?.status === "True",
      ) &&
      roundTrip.ok &&
      allocation.ok,
  };
}
