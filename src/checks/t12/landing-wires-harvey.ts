import { at } from "../../lib/at.ts";
import {
  CROSSPLANE_NAMESPACE,
  GUEST_CLUSTER,
  GUEST_KUBECONFIG_KEY,
  GUEST_KUBECONFIG_SECRET,
  TENANT_NAMESPACE,
} from "../../render/gitops/layout.ts";
import { describeReady, findRendered, isReady } from "../../render/gitops/read.ts";
import { PROVIDER_CONFIG } from "../../render/gitops/tenants.ts";
import { defineCheck, fail, verdict } from "../check.ts";
import { withPort } from "../need-port.ts";

export default defineCheck(import.meta.url, {
  test: "T12",
  title: "A Moonlander Landing connects Harvey's ProviderConfig to the lab cluster",
  given: "a rendered gitops tree (plan) or a running lab (live)",
  when: "the Landing CRD, the Landing and Harvey's ProviderConfig are read",
  then: `the Landing CRD (moons.urmanac.com/v1alpha1, with status) and Landing ${GUEST_CLUSTER} exist; it reads ${GUEST_KUBECONFIG_SECRET} (key ${GUEST_KUBECONFIG_KEY}) and writes the secret Harvey's ProviderConfig ${PROVIDER_CONFIG} reads (same name, key and namespace); live, the admin kubeconfig secret exists and the Landing is Ready`,
  why: "Correction in ACCEPTANCE T12: Harvey is a guest cluster running Crossplane; the Landing is what lets it manage the lab cluster.",
  plan: ({ artifacts }) => {
    const crd = findRendered(artifacts, "CustomResourceDefinition", "landings.moons.urmanac.com");
    const landing = findRendered(artifacts, "Landing", GUEST_CLUSTER, TENANT_NAMESPACE);
    const pc = findRendered(artifacts, "ProviderConfig", PROVIDER_CONFIG);
    const problems: string[] = [];
    if (!crd) problems.push("the Landing CRD is not rendered");
    else {
      const v = (at(crd, "spec.versions") as { name: string; subresources?: { status?: unknown } }[] | undefined)?.[0];
      if (at(crd, "spec.group") !== "moons.urmanac.com" || v?.name !== "v1alpha1" || !v.subresources?.status)
        problems.push("the Landing CRD is not moons.urmanac.com/v1alpha1 with a status subresource");
    }
    if (!landing || !pc)
      return fail(...problems, !landing ? "no Landing rendered" : `no ProviderConfig ${PROVIDER_CONFIG} rendered`);
    const ref = at(pc, "spec.credentials.secretRef") as { name?: string; key?: string; namespace?: string } | undefined;
    const pairs: [string, unknown, unknown][] = [
      ["kubeconfigSecretName", at(landing, "spec.kubeconfigSecretName"), GUEST_KUBECONFIG_SECRET],
      ["kubeconfigSecretKey", at(landing, "spec.kubeconfigSecretKey"), GUEST_KUBECONFIG_KEY],
      ["writeKubeconfigSecretName", at(landing, "spec.writeKubeconfigSecretName"), ref?.name],
      ["writeKubeconfigSecretKey", at(landing, "spec.writeKubeconfigSecretKey"), ref?.key],
      ["targetNamespace", at(landing, "spec.targetNamespace"), ref?.namespace],
    ];
    for (const [field, got, want] of pairs)
      if (got === undefined || got !== want)
        problems.push(`Landing ${field} is ${String(got)}, expected ${String(want)}`);
    if (ref?.namespace !== CROSSPLANE_NAMESPACE) problems.push(`ProviderConfig reads from ${String(ref?.namespace)}`);
    return verdict(problems, [
      `Landing ${TENANT_NAMESPACE}/${GUEST_CLUSTER}: ${GUEST_KUBECONFIG_SECRET} -> Harvey ${String(ref?.namespace)}/${String(ref?.name)}`,
      `ProviderConfig ${PROVIDER_CONFIG} reads ${String(ref?.namespace)}/${String(ref?.name)} key ${String(ref?.key)}`,
    ]);
  },
  live: (t) =>
    withPort(t, "kube", async (kube) => {
      const problems: string[] = [];
      const ok: string[] = [];
      const secret = await kube.get("v1", "Secret", GUEST_KUBECONFIG_SECRET, TENANT_NAMESPACE);
      if (!secret) problems.push(`Secret ${TENANT_NAMESPACE}/${GUEST_KUBECONFIG_SECRET} does not exist`);
      else ok.push(`Secret ${TENANT_NAMESPACE}/${GUEST_KUBECONFIG_SECRET} exists`);
      const landing = await kube.get("moons.urmanac.com/v1alpha1", "Landing", GUEST_CLUSTER, TENANT_NAMESPACE);
      if (!landing) problems.push(`Landing ${TENANT_NAMESPACE}/${GUEST_CLUSTER} does not exist`);
      else if (!isReady(landing)) problems.push(`${describeReady(landing)} (is the Moonlander controller running?)`);
      else ok.push(describeReady(landing));
      ok.push(
        "Harvey's ProviderConfig is read inside Harvey; the Landing's Ready condition reports the secret it wrote there",
      );
      return verdict(problems, ok);
    }),
});
