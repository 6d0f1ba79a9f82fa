// CozyStack at the pinned version. v1 line: the installer chart (oci://ghcr.io/cozystack/cozystack/cozy-installer,
// chart version = release without the v) plus the Package `cozystack.cozystack-platform` whose platform values
// carry publishing and networking (cozystack v1.6.2 packages/core/installer/example/platform.yaml and
// packages/core/platform/values.yaml). v0 line: the ConfigMap `cozystack` in cozy-system.

import type { Artifact } from "../../artifacts/artifact.ts";
import type { Plan } from "../../plan/types.ts";
import { oneLine } from "../line-safe.ts";
import { fluxPath, gitopsLayout, ROOT } from "./layout.ts";
import { type K8sObject, labels, obj, yamlDocs } from "./objects.ts";

export const INSTALLER_CHART = "oci://ghcr.io/cozystack/cozystack/cozy-installer";
export const PLATFORM_PACKAGE = "cozystack.cozystack-platform";
/** Services CozyStack publishes on its ingress (the dashboard and the Kubernetes API for tenants). */
export const EXPOSED_SERVICES = ["api", "dashboard"] as const;
export const PLATFORM_FILE = `${ROOT}/infrastructure/cozystack/platform.yaml`;
export const INSTALLER_VALUES_FILE = `${ROOT}/bootstrap/cozy-installer.values.yaml`;

/** Flux must never delete the platform object: pruning it would uninstall CozyStack. */
const NO_PRUNE = { "kustomize.toolkit.fluxcd.io/prune": "disabled" };

export function platformObject(plan: Plan): K8sObject {
  const k = plan.kubernetes;
  if (plan.cozystack.line === "v0")
    return obj(
      "v1",
      "ConfigMap",
      { name: "cozystack", namespace: "cozy-system", labels: labels(plan), annotations: NO_PRUNE },
      {
        data: {
          "bundle-name": plan.cozystack.variant,
          "root-host": plan.cozystack.host,
          "api-server-endpoint": plan.talos.endpoint,
          "expose-services": EXPOSED_SERVICES.join(","),
          "ipv4-pod-cidr": k.podCidr,
          "ipv4-pod-gateway": k.podGateway,
          "ipv4-svc-cidr": k.serviceCidr,
          "ipv4-join-cidr": k.joinCidr,
        },
      },
    );
  return obj(
    "cozystack.io/v1alpha1",
    "Package",
    { name: PLATFORM_PACKAGE, labels: labels(plan), annotations: NO_PRUNE },
    {
      spec: {
        variant: plan.cozystack.variant,
        components: {
          platform: {
            values: {
              publishing: {
                host: plan.cozystack.host,
                apiServerEndpoint: plan.talos.endpoint,
                exposedServices: [...EXPOSED_SERVICES],
              },
              networking: {
                clusterDomain: k.dnsDomain,
                podCIDR: k.podCidr,
                podGateway: k.podGateway,
                serviceCIDR: k.serviceCidr,
                joinCIDR: k.joinCidr,
              },
            },
          },
        },
      },
    },
  );
}

/** Helm chart version of the installer for a release tag (v1.6.2 -> 1.6.2). */
export function installerChartVersion(plan: Plan): string {
  return plan.cozystack.version.replace(/^v/, "");
}

function installScript(plan: Plan): string {
  const layout = gitopsLayout(plan);
  const here = '"$(cd "$(dirname "$0")/.." && pwd)"';
  const lines = [
    "#!/usr/bin/env bash",
    `# Bootstraps CozyStack ${plan.cozystack.version} on the lab's Talos cluster and points its Flux at this tree.`,
    "# Run once, with KUBECONFIG set to the lab's cluster. After this, Flux reconciles everything from git.",
    "set -euo pipefail",
    `tree=${here}`,
    "# kubectl wait fails at once on an object that does not exist yet: wait for the CRD to appear first.",
    'crd() { until kubectl get "crd/$1" >/dev/null 2>&1; do sleep 5; done; kubectl wait --for=condition=Established --timeout=10m "crd/$1"; }',
  ];
  if (plan.cozystack.line === "v1") {
    lines.push(
      `helm upgrade --install cozystack ${INSTALLER_CHART} --version ${installerChartVersion(plan)} \\`,
      `  --namespace cozy-system --create-namespace --values "$tree/bootstrap/cozy-installer.values.yaml"`,
      "# The operator installs the CRDs (Package among them) and Flux; wait for both before applying.",
      "crd packages.cozystack.io",
    );
  } else {
    lines.push(
      "kubectl create namespace cozy-system --dry-run=client -o yaml | kubectl apply -f -",
      'kubectl apply -f "$tree/infrastructure/cozystack/platform.yaml"',
      `kubectl apply -f https://github.com/cozystack/cozystack/releases/download/${plan.cozystack.version}/cozystack-installer.yaml`,
    );
  }
  lines.push(
    'kubectl apply -f "$tree/infrastructure/cozystack/platform.yaml"',
    "crd kustomizations.kustomize.toolkit.fluxcd.io",
    "crd gitrepositories.source.toolkit.fluxcd.io",
    `# The sync: ${layout.sourceNamespace}/${layout.sourceName} reconciles ${fluxPath(layout, layout.dir.flux)} from ${oneLine(plan.gitops.repo, "gitops.repo")} (${oneLine(plan.gitops.branch, "gitops.branch")}).`,
    'kubectl apply -k "$tree/flux"',
    "",
  );
  // A script: every line is a command; none may hide a second one.
  return lines.map((l) => oneLine(l, "an install.sh line")).join("\n");
}

export function renderCozystack(plan: Plan): Artifact[] {
  const out: Artifact[] = [
    { path: PLATFORM_FILE, content: yamlDocs([platformObject(plan)]) },
    { path: `${ROOT}/bootstrap/install.sh`, content: installScript(plan), mode: 0o755 },
  ];
  if (plan.cozystack.line === "v1")
    // talos: the operator's deployment variant for Talos nodes (installer values.yaml: talos, generic, hosted).
    out.push({ path: INSTALLER_VALUES_FILE, content: yamlDocs([{ cozystackOperator: { variant: "talos" } }]) });
  return out;
}
