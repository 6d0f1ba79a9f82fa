import { describeReady, isReady } from "../../render/gitops/read.ts";
import { defineCheck, verdict } from "../check.ts";
import { withPort } from "../need-port.ts";

const CRDS = [
  "packages.cozystack.io",
  "kustomizations.kustomize.toolkit.fluxcd.io",
  "helmreleases.helm.toolkit.fluxcd.io",
  "gitrepositories.source.toolkit.fluxcd.io",
];

export default defineCheck(import.meta.url, {
  test: "T05",
  title: "CozyStack's API and controllers run",
  given: "a lab whose cluster is reachable with a kubeconfig",
  when: "the Kubernetes API is read",
  then: "CozyStack's and Flux's CRDs exist, the cozystack-operator Deployment is available, and the FluxInstance flux in cozy-fluxcd is Ready",
  why: "Everything else in the lab (platform, tenants, the demo app) is reconciled by these controllers.",
  live: (t) =>
    withPort(t, "kube", async (kube) => {
      const problems: string[] = [];
      const ok: string[] = [];
      for (const name of CRDS) {
        const crd = await kube.get("apiextensions.k8s.io/v1", "CustomResourceDefinition", name);
        if (crd) ok.push(`CRD ${name} exists`);
        else problems.push(`CRD ${name} is missing`);
      }
      const op = await kube.get("apps/v1", "Deployment", "cozystack-operator", "cozy-system");
      const available = (op?.status as { availableReplicas?: number } | undefined)?.availableReplicas ?? 0;
      if (!op) problems.push("Deployment cozy-system/cozystack-operator is missing");
      else if (available < 1) problems.push("Deployment cozy-system/cozystack-operator has no available replica");
      else ok.push(`Deployment cozy-system/cozystack-operator: ${available} available`);
      const flux = await kube.get("fluxcd.controlplane.io/v1", "FluxInstance", "flux", "cozy-fluxcd");
      if (!flux) problems.push("FluxInstance cozy-fluxcd/flux is missing");
      else if (!isReady(flux)) problems.push(describeReady(flux));
      else ok.push(describeReady(flux));
      return verdict(problems, ok);
    }),
});
