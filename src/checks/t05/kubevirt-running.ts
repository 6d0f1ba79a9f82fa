import { defineCheck, fail, pass } from "../check.ts";
import { withPort } from "../need-port.ts";

export default defineCheck(import.meta.url, {
  test: "T05",
  title: "KubeVirt runs",
  given: "a lab whose cluster is reachable with a kubeconfig",
  when: "the KubeVirt custom resource is read",
  then: "a KubeVirt object exists and reports phase Deployed",
  why: "Guest clusters (T11) are KubeVirt VMs; KubeVirt needs hardware virtualization (.metal or a home host), which is exactly what this shows.",
  live: (t) =>
    withPort(t, "kube", async (kube) => {
      const all = await kube.list("kubevirt.io/v1", "KubeVirt");
      if (all.length === 0) return fail("no KubeVirt object in the cluster (CozyStack installs it in cozy-kubevirt)");
      const lines = all.map(
        (k) =>
          `KubeVirt ${k.metadata.namespace}/${k.metadata.name}: phase ${String((k.status as { phase?: string } | undefined)?.phase ?? "unknown")}`,
      );
      const deployed = all.some((k) => (k.status as { phase?: string } | undefined)?.phase === "Deployed");
      return deployed
        ? pass(...lines)
        : fail(...lines, "KubeVirt is not Deployed: does the node have hardware virtualization?");
    }),
});
