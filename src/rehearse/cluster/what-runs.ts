// What a cluster rehearsal runs and what it does not: the marker ConfigMap carries RUNS and ABSENT for
// `moonlab test --live` (src/checks/rehearsal-scope.ts), and the report lists the tree's objects of NOT_HERE kinds
// with the reason no controller reconciles them here.
export const RUNS =
  "kube-apiserver/kube-controller-manager/kube-scheduler v1.34.2, etcd v3.6.16, kwok v0.8.0 nodes, Flux source-controller and kustomize-controller v1.9.6, Moonlander's controller (as the tree's ServiceAccount, a second kube-apiserver as the guest cluster), MetalLB's controller v0.16.1 when the plan has a load-balancer pool (allocates addresses; no speaker)";
/** Components of a real lab that a rehearsal does not run (names used by src/checks/rehearsal-scope.ts). */
export const ABSENT = [
  "cozystack-operator",
  "cozystack-api",
  "flux-operator",
  "helm-controller",
  "kubevirt",
  "spin-operator",
  // MetalLB's controller runs (it allocates from the tree's pool); its speaker announces addresses on real L2.
  "metallb-speaker",
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
  Provider: "needs Crossplane inside the guest cluster Harvey, which needs KubeVirt",
  ProviderConfig: "needs Crossplane's provider-kubernetes inside Harvey",
  L2Advertisement: "needs MetalLB's speaker on real L2 (the controller runs and allocates from the pool; no speaker)",
};
