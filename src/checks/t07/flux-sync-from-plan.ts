import { at } from "../../lib/at.ts";
import { fluxPath, gitopsLayout } from "../../render/gitops/layout.ts";
import { describeReady, findRendered, isReady } from "../../render/gitops/read.ts";
import { defineCheck, fail, verdict } from "../check.ts";
import { withPort } from "../need-port.ts";

export default defineCheck(import.meta.url, {
  test: "T07",
  title: "CozyStack's Flux syncs the spec's repository, branch and path",
  given: "a plan with gitops.repo, branch and path, and the sync source name (cozy-fluxcd/cozy-fluxcd)",
  when: "the gitops tree is rendered (plan) or the cluster is read (live)",
  then: "a GitRepository and a Kustomization named from the plan's source, in its namespace, point at the repo, branch and <path>/flux; live, the GitRepository exists with that URL and is Ready",
  why: "Correction in ACCEPTANCE T07: with CozyStack's Flux Operator the source is cozy-fluxcd/cozy-fluxcd, not flux-system/flux-system.",
  plan: ({ plan, artifacts }) => {
    const l = gitopsLayout(plan);
    const repo = findRendered(artifacts, "GitRepository", l.sourceName, l.sourceNamespace);
    const ks = findRendered(artifacts, "Kustomization", l.sourceName, l.sourceNamespace);
    if (!repo || !ks) return fail(`no GitRepository and Kustomization ${l.sourceNamespace}/${l.sourceName} rendered`);
    const problems: string[] = [];
    const check = (what: string, got: unknown, want: unknown) => {
      if (got !== want) problems.push(`${what} is ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
    };
    check("GitRepository url", at(repo, "spec.url"), plan.gitops.repo);
    check("GitRepository branch", at(repo, "spec.ref.branch"), plan.gitops.branch);
    check("Kustomization path", at(ks, "spec.path"), fluxPath(l, l.dir.flux));
    check("Kustomization source", at(ks, "spec.sourceRef.name"), l.sourceName);
    if (!artifacts.has(`gitops/${l.dir.flux}/kustomization.yaml`))
      problems.push("the tree has no flux/kustomization.yaml");
    return verdict(problems, [
      `${l.sourceNamespace}/${l.sourceName}: ${plan.gitops.repo} ${plan.gitops.branch} -> ${fluxPath(l, l.dir.flux)}`,
    ]);
  },
  live: (t) =>
    withPort(t, "kube", async (kube) => {
      const l = gitopsLayout(t.plan);
      const repo = await kube.get("source.toolkit.fluxcd.io/v1", "GitRepository", l.sourceName, l.sourceNamespace);
      if (!repo)
        return fail(`GitRepository ${l.sourceNamespace}/${l.sourceName} does not exist (run bootstrap/install.sh)`);
      const problems: string[] = [];
      if (at(repo, "spec.url") !== t.plan.gitops.repo)
        problems.push(`url is ${String(at(repo, "spec.url"))}, the plan says ${t.plan.gitops.repo}`);
      if (!isReady(repo)) problems.push(describeReady(repo));
      return verdict(problems, [describeReady(repo), `url ${String(at(repo, "spec.url"))}`]);
    }),
});
