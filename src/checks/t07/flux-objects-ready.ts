import { gitopsLayout, STAGES } from "../../render/gitops/layout.ts";
import { describeReady, isReady } from "../../render/gitops/read.ts";
import { defineCheck, verdict } from "../check.ts";
import { withPort } from "../need-port.ts";

export default defineCheck(import.meta.url, {
  test: "T07",
  title: "Every Flux Kustomization and HelmRelease is Ready",
  given: "a lab whose cluster is reachable with a kubeconfig",
  when: "all Kustomizations and HelmReleases are listed",
  then: "the lab's stages all exist, and every Kustomization and HelmRelease in the cluster reports Ready=True",
  why: "A sync that applied but is not Ready hides a failed upgrade or a broken chart; this is the GitOps health in one line.",
  live: (t) =>
    withPort(t, "kube", async (kube) => {
      const l = gitopsLayout(t.plan);
      const ks = await kube.list("kustomize.toolkit.fluxcd.io/v1", "Kustomization");
      const hrs = await kube.list("helm.toolkit.fluxcd.io/v2", "HelmRelease");
      const problems: string[] = [];
      for (const s of STAGES)
        if (!ks.some((k) => k.metadata.name === l.kustomization[s] && k.metadata.namespace === l.sourceNamespace))
          problems.push(`Kustomization ${l.sourceNamespace}/${l.kustomization[s]} does not exist`);
      const all = [...ks, ...hrs];
      for (const o of all) if (!isReady(o)) problems.push(describeReady(o));
      return verdict(problems, [`${ks.length} Kustomizations and ${hrs.length} HelmReleases, all Ready`]);
    }),
});
