// The Flux objects: the sync CozyStack's Flux (FluxInstance `flux` in cozy-fluxcd) runs from the fleet repository,
// and one Kustomization per stage in dependency order, each with health checks. APIs: source v1, kustomize v1,
// helm v2 (../shared/docs/FACTS.md). The sync objects are named as the Flux Operator names a FluxInstance's sync
// (after its namespace: cozy-fluxcd/cozy-fluxcd, ACCEPTANCE T07 correction); the names come from the plan.

import type { Artifact } from "../../artifacts/artifact.ts";
import type { Plan } from "../../plan/types.ts";
import {
  DEMO_APP,
  DEMO_NAMESPACE,
  fluxPath,
  GUEST_CLUSTER,
  GUEST_KUBECONFIG_KEY,
  GUEST_KUBECONFIG_SECRET,
  gitopsLayout,
  ROOT,
  SPIN_OPERATOR_NAMESPACE,
  type Stage,
  TENANT,
  TENANT_NAMESPACE,
} from "./layout.ts";
import { type K8sObject, kustomizationFile, labels, obj, yamlDocs } from "./objects.ts";

export const SOURCE_API = "source.toolkit.fluxcd.io/v1";
export const KUSTOMIZE_API = "kustomize.toolkit.fluxcd.io/v1";
export const HELM_API = "helm.toolkit.fluxcd.io/v2";

/** spin-operator's CRDs at the chart's release tag (the chart does not ship them). */
export const SPIN_OPERATOR_GIT = "https://github.com/spinframework/spin-operator";

export interface HealthCheck {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/** What each stage must make healthy before the next one starts; the plan checks read this too. */
export function healthChecks(plan: Plan, stage: Stage): HealthCheck[] {
  switch (stage) {
    case "crds":
      return [
        { apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition", name: "spinapps.core.spinkube.dev" },
        {
          apiVersion: "apiextensions.k8s.io/v1",
          kind: "CustomResourceDefinition",
          name: "spinappexecutors.core.spinkube.dev",
        },
      ];
    case "infrastructure":
      return [{ apiVersion: HELM_API, kind: "HelmRelease", name: "spin-operator", namespace: SPIN_OPERATOR_NAMESPACE }];
    case "apps":
      return [
        { apiVersion: "core.spinkube.dev/v1alpha1", kind: "SpinApp", name: DEMO_APP, namespace: DEMO_NAMESPACE },
        { apiVersion: "apps/v1", kind: "Deployment", name: DEMO_APP, namespace: DEMO_NAMESPACE },
      ];
    // CozyStack realizes each app as a HelmRelease named <kind>-<name> in the app's namespace.
    case "tenants":
      return [{ apiVersion: HELM_API, kind: "HelmRelease", name: `tenant-${TENANT}`, namespace: "tenant-root" }];
    case "guest":
      return [
        { apiVersion: HELM_API, kind: "HelmRelease", name: `kubernetes-${GUEST_CLUSTER}`, namespace: TENANT_NAMESPACE },
      ];
    case "harvey":
      return [
        {
          apiVersion: KUSTOMIZE_API,
          kind: "Kustomization",
          name: gitopsLayout(plan).harveyRemote,
          namespace: TENANT_NAMESPACE,
        },
      ];
  }
}

function kustomization(plan: Plan, stage: Stage, spec: Record<string, unknown>): K8sObject {
  const layout = gitopsLayout(plan);
  const checks = healthChecks(plan, stage);
  return obj(
    KUSTOMIZE_API,
    "Kustomization",
    { name: layout.kustomization[stage], namespace: layout.sourceNamespace, labels: labels(plan) },
    {
      spec: {
        interval: "10m",
        retryInterval: "1m",
        timeout: "15m",
        prune: true,
        ...spec,
        ...(checks.length > 0 ? { healthChecks: checks } : {}),
      },
    },
  );
}

function sourceRef(plan: Plan): Record<string, string> {
  const l = gitopsLayout(plan);
  return { kind: "GitRepository", name: l.sourceName, namespace: l.sourceNamespace };
}

function dependsOn(plan: Plan, ...stages: Stage[]): { name: string; namespace: string }[] {
  const l = gitopsLayout(plan);
  return stages.map((s) => ({ name: l.kustomization[s], namespace: l.sourceNamespace }));
}

export function syncObjects(plan: Plan): K8sObject[] {
  const l = gitopsLayout(plan);
  return [
    obj(
      SOURCE_API,
      "GitRepository",
      { name: l.sourceName, namespace: l.sourceNamespace, labels: labels(plan) },
      {
        spec: {
          interval: "1m",
          url: plan.gitops.repo,
          ref: { branch: plan.gitops.branch },
          // Credentials never sit in the URL: Flux reads them from this Secret (username/password or ssh identity).
          ...(plan.gitops.secretRef ? { secretRef: { name: plan.gitops.secretRef } } : {}),
        },
      },
    ),
    obj(
      KUSTOMIZE_API,
      "Kustomization",
      { name: l.sourceName, namespace: l.sourceNamespace, labels: labels(plan) },
      {
        spec: {
          interval: "10m",
          path: fluxPath(l, l.dir.flux),
          prune: true,
          sourceRef: { kind: "GitRepository", name: l.sourceName },
        },
      },
    ),
  ];
}

export function stageObjects(plan: Plan): Record<Stage, K8sObject[]> {
  const l = gitopsLayout(plan);
  const ns = l.sourceNamespace;
  const spinVersion = plan.components.spinOperator.version;
  return {
    crds: [
      obj(
        SOURCE_API,
        "GitRepository",
        { name: "spin-operator", namespace: ns, labels: labels(plan) },
        {
          spec: {
            interval: "1h",
            url: SPIN_OPERATOR_GIT,
            ref: { tag: `v${spinVersion}` },
            ignore: "/*\n!/config/crd/bases/\n",
          },
        },
      ),
      // CRDs are never pruned: deleting one deletes every SpinApp in the cluster.
      kustomization(plan, "crds", {
        path: "./config/crd/bases",
        prune: false,
        sourceRef: { kind: "GitRepository", name: "spin-operator" },
      }),
    ],
    infrastructure: [
      kustomization(plan, "infrastructure", {
        dependsOn: dependsOn(plan, "crds"),
        path: fluxPath(l, l.dir.infrastructure),
        sourceRef: sourceRef(plan),
      }),
    ],
    apps: [
      kustomization(plan, "apps", {
        dependsOn: dependsOn(plan, "infrastructure"),
        path: fluxPath(l, l.dir.apps),
        sourceRef: sourceRef(plan),
      }),
    ],
    // Tenant first, then what lives in the tenant's namespace: that namespace exists only once the Tenant is
    // reconciled, and one object in a missing namespace would fail a whole Kustomization's dry-run.
    tenants: [
      kustomization(plan, "tenants", {
        dependsOn: dependsOn(plan, "infrastructure"),
        path: fluxPath(l, l.dir.tenants),
        sourceRef: sourceRef(plan),
      }),
    ],
    guest: [
      kustomization(plan, "guest", {
        dependsOn: dependsOn(plan, "tenants"),
        path: fluxPath(l, l.dir.guest),
        sourceRef: sourceRef(plan),
        timeout: "30m",
      }),
    ],
    harvey: [
      kustomization(plan, "harvey", {
        dependsOn: dependsOn(plan, "guest"),
        path: fluxPath(l, l.dir.harvey),
        sourceRef: sourceRef(plan),
        timeout: "30m",
      }),
    ],
  };
}

/**
 * What harvey-sync/ holds: the Kustomization that applies harvey/ inside the guest cluster with its admin
 * kubeconfig (spec.kubeConfig; the secret must be in the Kustomization's own namespace, the tenant's).
 */
export function harveyRemoteKustomization(plan: Plan): K8sObject {
  const l = gitopsLayout(plan);
  return obj(
    KUSTOMIZE_API,
    "Kustomization",
    { name: l.harveyRemote, namespace: TENANT_NAMESPACE, labels: labels(plan) },
    {
      spec: {
        interval: "10m",
        retryInterval: "1m",
        timeout: "15m",
        prune: true,
        path: fluxPath(l, l.dir.harveyRemote),
        sourceRef: sourceRef(plan),
        kubeConfig: { secretRef: { name: GUEST_KUBECONFIG_SECRET, key: GUEST_KUBECONFIG_KEY } },
      },
    },
  );
}

export function renderFlux(plan: Plan): Artifact[] {
  const stages = stageObjects(plan);
  const files: [string, K8sObject[]][] = [
    ["sync.yaml", syncObjects(plan)],
    ...(Object.entries(stages) as [Stage, K8sObject[]][]).map(([s, o]): [string, K8sObject[]] => [`${s}.yaml`, o]),
  ];
  return [
    { path: `${ROOT}/flux/kustomization.yaml`, content: yamlDocs([kustomizationFile(files.map(([f]) => f))]) },
    ...files.map(([f, o]) => ({ path: `${ROOT}/flux/${f}`, content: yamlDocs(o) })),
  ];
}
