import { at } from "../../lib/at.ts";
import { GUEST_CLUSTER, GUEST_KUBECONFIG_SECRET, TENANT, TENANT_NAMESPACE } from "../../render/gitops/layout.ts";
import { describeReady, findRendered, isReady } from "../../render/gitops/read.ts";
import { defineCheck, fail, verdict } from "../check.ts";
import { withPort } from "../need-port.ts";

export default defineCheck(import.meta.url, {
  test: "T11",
  title: "A tenant declares the guest cluster, and it comes up",
  given: "a rendered gitops tree (plan) or a running lab (live)",
  when: "the tenant and Kubernetes apps are read",
  then: `Tenant ${TENANT} (with its own etcd) in tenant-root and Kubernetes ${GUEST_CLUSTER} with a node group in ${TENANT_NAMESPACE}; live, the Kubernetes app exists, its HelmRelease is Ready and its admin kubeconfig secret ${GUEST_KUBECONFIG_SECRET} exists`,
  why: "Guest clusters are CozyStack's main product; they need KubeVirt and hardware virtualization, which this proves end to end.",
  plan: ({ artifacts }) => {
    const tenant = findRendered(artifacts, "Tenant", TENANT, "tenant-root");
    const k8s = findRendered(artifacts, "Kubernetes", GUEST_CLUSTER, TENANT_NAMESPACE);
    const problems: string[] = [];
    if (!tenant) problems.push(`no Tenant tenant-root/${TENANT} rendered`);
    else if (at(tenant, "spec.etcd") !== true)
      problems.push("the tenant has no etcd of its own (the guest control plane needs it)");
    if (!k8s) problems.push(`no Kubernetes ${TENANT_NAMESPACE}/${GUEST_CLUSTER} rendered`);
    else if (Object.keys((at(k8s, "spec.nodeGroups") as object | undefined) ?? {}).length === 0)
      problems.push("the guest cluster has no node group");
    return verdict(problems, [
      `Tenant ${TENANT} -> ${TENANT_NAMESPACE}`,
      `Kubernetes ${GUEST_CLUSTER} version ${String(at(k8s, "spec.version"))}`,
    ]);
  },
  live: (t) =>
    withPort(t, "kube", async (kube) => {
      const app = await kube.get("apps.cozystack.io/v1alpha1", "Kubernetes", GUEST_CLUSTER, TENANT_NAMESPACE);
      if (!app)
        return fail(`Kubernetes ${TENANT_NAMESPACE}/${GUEST_CLUSTER} does not exist (is moonlab-guest reconciled?)`);
      const problems: string[] = [];
      const ok: string[] = [`Kubernetes ${TENANT_NAMESPACE}/${GUEST_CLUSTER} exists`];
      const hr = await kube.get(
        "helm.toolkit.fluxcd.io/v2",
        "HelmRelease",
        `kubernetes-${GUEST_CLUSTER}`,
        TENANT_NAMESPACE,
      );
      if (!hr) problems.push(`HelmRelease ${TENANT_NAMESPACE}/kubernetes-${GUEST_CLUSTER} does not exist`);
      else if (!isReady(hr)) problems.push(describeReady(hr));
      else ok.push(describeReady(hr));
      const secret = await kube.get("v1", "Secret", GUEST_KUBECONFIG_SECRET, TENANT_NAMESPACE);
      if (!secret) problems.push(`Secret ${TENANT_NAMESPACE}/${GUEST_KUBECONFIG_SECRET} does not exist yet`);
      else ok.push(`Secret ${TENANT_NAMESPACE}/${GUEST_KUBECONFIG_SECRET} exists`);
      return verdict(problems, ok);
    }),
});
