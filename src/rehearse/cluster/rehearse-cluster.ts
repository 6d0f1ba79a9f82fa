// `moonlab rehearse cluster`: the lab's GitOps tree reconciled by the real Flux controllers on a local control plane,
// before anything is spent on AWS. Steps, each timed:
//   1. control plane (etcd, kube-apiserver, controller-manager, scheduler) + kwok nodes named and labelled as the
//      plan's nodes (role, group, moonlab.dev/extension-spin, arch), so scheduling constraints meet real labels;
//   2. the upstream CRDs the tree needs (pinned module contents, 37-crds.sh);
//   3. the rendered tree committed to a git repository served over smart HTTP on loopback (gitops.repo = that URL),
//      with loopback mirrors for the upstream git sources it names;
//   4. server-side dry-run of every object of every Kustomization path;
//   5. source-controller + kustomize-controller, the tree's flux/ applied as bootstrap/install.sh does, and the
//      controllers' own status read until it settles.
// Honesty: nothing here writes a status. What needs a controller that does not run here is listed as not reconciled
// here, with the reason; a Kustomization's verdict is whatever kustomize-controller computed.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KubernetesObjectApi } from "@kubernetes/client-node";
import { kubeConfigFrom } from "../../adapters/kube/client-node.ts";
import { REHEARSAL_MARKER } from "../../checks/rehearsal-scope.ts";
import type { Plan } from "../../plan/types.ts";
import { gitopsLayout } from "../../render/gitops/layout.ts";
import { condition } from "../../render/gitops/read.ts";
import { sleep } from "../proc.ts";
import { type ControlPlane, type KwokNode, startControlPlane } from "./control-plane.ts";
import { installUpstreamCrds, upstreamCrdSets } from "./crds.ts";
import { type DryRunReport, dryRunTree } from "./dry-run.ts";
import { createFleetRepo, createMirror } from "./fleet-repo.ts";
import { type FluxControllers, startFluxControllers } from "./flux.ts";
import { type GitServer, startGitServer } from "./git-server.ts";
import { kubectlFor } from "./kubectl.ts";

/** Upstream git repositories the tree names, mirrored on loopback from the pinned module contents of 37-crds.sh. */
const GIT_MIRRORS = [
  {
    url: "https://github.com/spinframework/spin-operator",
    name: "spin-operator",
    crdSet: "spin-operator@v0.6.1",
    path: "config/crd/bases",
    tag: "v0.6.1",
  },
] as const;

export const RUNS =
  "kube-apiserver/kube-controller-manager/kube-scheduler v1.34.2, etcd v3.6.16, kwok v0.8.0 nodes, Flux source-controller and kustomize-controller v1.9.6";
/** Components of a real lab that a rehearsal does not run (names used by src/checks/rehearsal-scope.ts). */
export const ABSENT = [
  "cozystack-operator",
  "cozystack-api",
  "flux-operator",
  "helm-controller",
  "kubevirt",
  "spin-operator",
  "metallb",
  "moonlander",
  "talos",
] as const;

/** Kinds whose reconciler does not run in a rehearsal, and why. */
export const NOT_HERE: Readonly<Record<string, string>> = {
  HelmRelease:
    "needs helm-controller and its chart (an OCI or Helm repository on the internet); neither runs in the rehearsal",
  HelmRepository: "an internet Helm repository: the rehearsal reaches nothing beyond loopback",
  OCIRepository: "an internet OCI registry (ghcr.io): the rehearsal reaches nothing beyond loopback",
  Package: "needs CozyStack's operator (cozystack-operator), which runs only in a CozyStack cluster",
  Tenant: "apps.cozystack.io is served by CozyStack's aggregated API server, not here",
  Kubernetes: "apps.cozystack.io is served by CozyStack's aggregated API server; the guest cluster needs KubeVirt",
  SpinApp: "needs spin-operator (installed by the spin-operator HelmRelease) and the containerd spin shim",
  SpinAppExecutor: "needs spin-operator (installed by the spin-operator HelmRelease)",
  Landing: "needs Moonlander's controller (issue 12 item 3), not part of this rehearsal",
  Provider: "needs Crossplane inside the guest cluster Harvey, which needs KubeVirt",
  ProviderConfig: "needs Crossplane's provider-kubernetes inside Harvey",
  IPAddressPool: "needs MetalLB's controller (CozyStack installs it)",
  L2Advertisement: "needs MetalLB's speaker on real L2",
};

export interface FluxStatus {
  readonly ref: string;
  readonly ready: string;
  readonly reason: string;
  readonly message: string;
  /** ms after the controllers started when Ready=True was first seen. */
  readonly readyAfterMs?: number;
  /** Objects kustomize-controller applied (its status.inventory), for Kustomizations. */
  readonly applied?: number;
}

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
  readonly timings: {
    readonly controlPlaneReadyMs: number;
    readonly crdsMs: number;
    readonly dryRunMs: number;
    readonly fluxSettledMs: number;
    readonly totalMs: number;
  };
  readonly ok: boolean;
}

export interface ClusterRehearsalOptions {
  readonly workDir?: string;
  readonly log?: (line: string) => void;
  /** Longest wait for Flux to settle (default 120 s). */
  readonly settleTimeoutMs?: number;
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

type Obj = { kind: string; metadata: { name: string; namespace?: string; generation?: number }; status?: unknown };

function statusOf(o: Obj): Omit<FluxStatus, "readyAfterMs"> {
  const c = condition(o, "Ready");
  const inv = (o.status as { inventory?: { entries?: unknown[] } } | undefined)?.inventory?.entries;
  return {
    ref: `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`,
    ready: c?.status ?? "(no Ready condition)",
    reason: c?.reason ?? "",
    message: c?.message ?? "",
    ...(inv ? { applied: inv.length } : {}),
  };
}

/** Runs the rehearsal and leaves it running; the caller reads the report, may run checks, then calls stop(). */
export async function startClusterRehearsal(plan: Plan, opts: ClusterRehearsalOptions = {}): Promise<ClusterRehearsal> {
  const t0 = performance.now();
  const log = opts.log ?? (() => {});
  const ownDir = opts.workDir === undefined;
  const dir = opts.workDir ?? mkdtempSync(join(tmpdir(), "moonlab-rehearse-cluster-"));
  let cp: ControlPlane | undefined;
  let git: GitServer | undefined;
  let flux: FluxControllers | undefined;
  const stop = async () => {
    await flux?.stop();
    await git?.close();
    await cp?.stop();
    if (ownDir) rmSync(dir, { recursive: true, force: true });
  };
  try {
    const nodes = kwokNodesOf(plan);
    cp = await startControlPlane({ workDir: join(dir, "control-plane"), kwokNodes: nodes, log });
    const controlPlaneReadyMs = cp.readyMs;
    const kubectl = kubectlFor(cp.kubeconfigPath);

    const t1 = performance.now();
    const sets = await installUpstreamCrds(kubectl);
    const crdsMs = Math.round(performance.now() - t1);
    log(`${sets.reduce((n, s) => n + s.crds.length, 0)} upstream CRDs Established (${crdsMs} ms)`);

    git = await startGitServer(join(dir, "git"));
    const mirrors: Record<string, string> = {};
    const mirrorLines: string[] = [];
    const byName = new Map(upstreamCrdSets().map((s) => [s.name, s]));
    for (const m of GIT_MIRRORS) {
      const set = byName.get(m.crdSet);
      if (!set) continue;
      createMirror(join(dir, "git"), m.name, set.dir, m.path, m.tag);
      mirrors[m.url] = `${git.url}/${m.name}.git`;
      mirrorLines.push(`${m.url} -> ${mirrors[m.url]} (${m.path} at ${m.tag} from ${set.source.split(" ")[0]})`);
    }
    const repo = createFleetRepo(plan, join(dir, "git"), `${git.url}/fleet.git`, mirrors);
    log(`fleet repository served at ${git.url}/fleet.git (commit ${repo.commit.slice(0, 12)})`);

    const t2 = performance.now();
    const dryRun = await dryRunTree(repo.plan, repo.workTree, cp.kubeconfigPath);
    const dryRunMs = Math.round(performance.now() - t2);
    log(
      `server-side dry-run: ${dryRun.objects.filter((o) => o.verdict === "accepted").length} accepted, ${dryRun.objects.filter((o) => o.verdict === "rejected").length} rejected (${dryRunMs} ms)`,
    );

    const t3 = performance.now();
    flux = await startFluxControllers(cp.kubeconfigPath, join(dir, "flux"));
    log(`source-controller and kustomize-controller ready (${Math.round(performance.now() - t3)} ms)`);
    const l = gitopsLayout(repo.plan);
    // The marker `moonlab test --live` reads (src/checks/rehearsal-scope.ts): what runs here, what does not.
    await kubectl([
      "create",
      "configmap",
      REHEARSAL_MARKER.name,
      `--namespace=${REHEARSAL_MARKER.namespace}`,
      `--from-literal=runs=${RUNS}`,
      `--from-literal=absent=${ABSENT.join(",")}`,
      `--from-literal=fleetRepo=${repo.plan.gitops.repo}`,
    ]);
    // What bootstrap/install.sh does once CozyStack installed Flux: apply the tree's flux/ directory.
    await kubectl(["apply", "-k", join(repo.workTree, l.repoPath, l.dir.flux)]);

    const api = KubernetesObjectApi.makeApiClient(kubeConfigFrom(cp.kubeconfigPath));
    const list = async (apiVersion: string, kind: string): Promise<Obj[]> =>
      ((await api.list(apiVersion, kind).catch(() => ({ items: [] }))).items as unknown as Obj[]).map((o) => ({
        ...o,
        kind,
      }));
    const readyAt = new Map<string, number>();
    let last = "";
    let stableSince = performance.now();
    const deadline = performance.now() + (opts.settleTimeoutMs ?? 120_000);
    let sources: Obj[] = [];
    let kustomizations: Obj[] = [];
    for (;;) {
      sources = [
        ...(await list("source.toolkit.fluxcd.io/v1", "GitRepository")),
        ...(await list("source.toolkit.fluxcd.io/v1", "OCIRepository")),
        ...(await list("source.toolkit.fluxcd.io/v1", "HelmRepository")),
      ];
      kustomizations = await list("kustomize.toolkit.fluxcd.io/v1", "Kustomization");
      for (const o of [...sources, ...kustomizations]) {
        const s = statusOf(o);
        if (s.ready === "True" && !readyAt.has(s.ref)) {
          readyAt.set(s.ref, Math.round(performance.now() - t3));
          log(`${s.ref} Ready after ${((performance.now() - t3) / 1000).toFixed(1)} s`);
        }
      }
      const snapshot = JSON.stringify([...sources, ...kustomizations].map(statusOf));
      if (snapshot !== last) {
        last = snapshot;
        stableSince = performance.now();
      }
      const everyOneReported = kustomizations.length > 0 && kustomizations.every((k) => condition(k, "Ready"));
      // Settled: every Kustomization has a verdict and nothing changed for 35 s, longer than the 30 s after which
      // kustomize-controller retries a Kustomization whose dependency was not ready (health checks run to the
      // stage's timeout, so "settled" means "no news", not "all Ready").
      if (everyOneReported && performance.now() - stableSince > 35_000) break;
      if (performance.now() > deadline) break;
      await sleep(1000);
    }
    const fluxSettledMs = Math.round(performance.now() - t3);
    const withTime = (o: Obj): FluxStatus => {
      const s = statusOf(o);
      const at = readyAt.get(s.ref);
      return at === undefined ? s : { ...s, readyAfterMs: at };
    };
    const counts = new Map<string, number>();
    for (const o of dryRun.objects) {
      const kind = o.ref.split(" ")[1] ?? "";
      if (NOT_HERE[kind]) counts.set(kind, (counts.get(kind) ?? 0) + 1);
    }
    const sync = sources.find((s) => s.metadata.name === l.sourceName && s.metadata.namespace === l.sourceNamespace);
    const report: ClusterRehearsalReport = {
      lab: plan.lab,
      server: cp.server,
      nodes,
      crdSets: sets.map((s) => ({ name: s.name, source: s.source, crds: s.crds.length })),
      git: { url: `${git.url}/fleet.git`, commit: repo.commit, mirrors: mirrorLines },
      dryRun,
      sources: sources.map(withTime),
      kustomizations: kustomizations.map(withTime),
      notHere: [...counts].sort().map(([kind, count]) => ({ kind, count, why: NOT_HERE[kind] ?? "" })),
      timings: {
        controlPlaneReadyMs,
        crdsMs,
        dryRunMs,
        fluxSettledMs,
        totalMs: Math.round(performance.now() - t0),
      },
      // The rehearsal proves: the tree validates server-side, the sync source is fetched and the sync
      // Kustomization applies the tree. Stages waiting on absent controllers are reported, not failed.
      ok:
        dryRun.ok &&
        sync !== undefined &&
        condition(sync, "Ready")?.status === "True" &&
        kustomizations.some((k) => k.metadata.name === l.sourceName && condition(k, "Ready")?.status === "True"),
    };
    return { report, kubeconfigPath: cp.kubeconfigPath, plan: repo.plan, stop };
  } catch (e) {
    await flux?.stop();
    await git?.close();
    await cp?.stop();
    throw new Error(`cluster rehearsal failed: ${(e as Error).message} (work dir kept: ${dir})`);
  }
}
