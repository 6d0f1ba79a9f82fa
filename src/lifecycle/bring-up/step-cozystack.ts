// Steps 10 and 11: CozyStack installed from the rendered bootstrap (gitops/bootstrap/install.sh, the same script a
// user would run), then Flux synced: the sync Kustomization the tree renders is Ready.
import { join } from "node:path";
import { LabError } from "../../errors.ts";
import { PLATFORM_PACKAGE } from "../../render/gitops/cozystack.ts";
import { KUSTOMIZE_API, syncObjects } from "../../render/gitops/flux.ts";
import type { GraphStep, Probe } from "../step-graph.ts";
import { type BringUpContext, waitFor } from "./context.ts";
import { sessionKubeconfig } from "./step-kube.ts";

async function platformPresent(ctx: BringUpContext): Promise<Probe> {
  const kube = ctx.kube(await sessionKubeconfig(ctx));
  const o =
    ctx.plan.cozystack.line === "v1"
      ? await kube.get("cozystack.io/v1alpha1", "Package", PLATFORM_PACKAGE)
      : await kube.get("v1", "ConfigMap", "cozystack", "cozy-system");
  const what = ctx.plan.cozystack.line === "v1" ? `Package ${PLATFORM_PACKAGE}` : "ConfigMap cozy-system/cozystack";
  return o ? { done: true, evidence: `${what} exists` } : { done: false, evidence: `${what} does not exist` };
}

export const cozystackStep: GraphStep<BringUpContext> = {
  id: "cozystack",
  title: "CozyStack installed from the rendered bootstrap",
  fix:
    "run the script by hand to see helm's and kubectl's output: `KUBECONFIG=.moonlab/<lab>/kubeconfig.session " +
    "bash out/<lab>/gitops/bootstrap/install.sh`; nodes need IPv4 egress to ghcr.io (the bastion's NAT)",
  isDone: (ctx) => platformPresent(ctx),
  async run(ctx) {
    const script = join(await ctx.gitopsDir(), "bootstrap", "install.sh");
    const r = await ctx.operator.run("bash", [script], {
      env: { KUBECONFIG: await sessionKubeconfig(ctx) },
      timeoutMs: ctx.timeoutMs.cozystack,
    });
    if (r.code !== 0) {
      const tail = `${r.stdout}\n${r.stderr}`.trim().split("\n").slice(-5).join(" | ");
      throw new LabError(`${script} exited ${r.code}: ${tail}`, 1);
    }
    return `ran ${script}`;
  },
};

/** The sync Kustomization the gitops tree renders (cozy-fluxcd/cozy-fluxcd on v1). */
function syncKustomization(ctx: BringUpContext): { name: string; namespace: string } {
  const k = syncObjects(ctx.plan).find((o) => o.kind === "Kustomization");
  const md = (k as { metadata?: { name?: string; namespace?: string } } | undefined)?.metadata;
  if (!md?.name || !md.namespace) throw new Error("the gitops tree renders no sync Kustomization");
  return { name: md.name, namespace: md.namespace };
}

export async function fluxSynced(ctx: BringUpContext): Promise<Probe> {
  const { name, namespace } = syncKustomization(ctx);
  const o = await ctx.kube(await sessionKubeconfig(ctx)).get(KUSTOMIZE_API, "Kustomization", name, namespace);
  if (!o) return { done: false, evidence: `Kustomization ${namespace}/${name} does not exist` };
  const conds = ((o.status as { conditions?: { type?: string; status?: string; message?: string }[] } | undefined)
    ?.conditions ?? []) as { type?: string; status?: string; message?: string }[];
  const ready = conds.find((c) => c.type === "Ready");
  return ready?.status === "True"
    ? { done: true, evidence: `Kustomization ${namespace}/${name} Ready: ${ready.message ?? "True"}` }
    : {
        done: false,
        evidence: `Kustomization ${namespace}/${name} Ready=${ready?.status ?? "unknown"}: ${ready?.message ?? "no condition yet"}`,
      };
}

export const fluxStep: GraphStep<BringUpContext> = {
  id: "flux",
  title: "Flux synced",
  fix:
    "`kubectl -n cozy-fluxcd describe kustomization` and `... get gitrepository`: the fleet repo must hold the " +
    "rendered tree (`moonlab gitops push`) and be reachable from the nodes",
  isDone: (ctx) => fluxSynced(ctx),
  run: (ctx) => waitFor(ctx, "flux", "Flux to sync", () => fluxSynced(ctx)),
};

export const acceptanceStep: GraphStep<BringUpContext> = {
  id: "acceptance",
  title: "acceptance suite (moonlab test --live)",
  fix: "`moonlab explain <ID>` says what a failed check asserts; fix it and run `moonlab wake` again (it resumes here)",
  async isDone(ctx) {
    const s = ctx.state.acceptance;
    if (!s) return { done: false, evidence: "the suite runs on every wake" };
    const line = `${s.pass} pass, ${s.fail} fail, ${s.notApplicable} not applicable`;
    return s.fail === 0 ? { done: true, evidence: line } : { done: false, evidence: `${line}: ${s.failed.join(", ")}` };
  },
  async run(ctx) {
    ctx.state.acceptance = await ctx.acceptance();
    const s = ctx.state.acceptance;
    return `${s.pass} pass, ${s.fail} fail, ${s.notApplicable} not applicable`;
  },
};
