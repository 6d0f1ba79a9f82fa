// T11 and T12: a tenant with a CozyStack guest cluster (Harvey, which runs Crossplane), Moonlander's Landing CRD
// (moons.urmanac.com/v1alpha1, written here from the documented behaviour) and the Landing for Harvey, and what
// Harvey itself gets: Crossplane, provider-kubernetes and the ProviderConfig that reads the parent kubeconfig
// Moonlander writes into it. Values follow cozystack v1.6.2 packages/apps/{tenant,kubernetes}/values.schema.json.
import type { Plan } from "../../plan/types.ts";
import { HELM_API, SOURCE_API } from "./flux.ts";
import {
  CROSSPLANE_NAMESPACE,
  GUEST_CLUSTER,
  GUEST_KUBECONFIG_KEY,
  GUEST_KUBECONFIG_SECRET,
  REMOTE_KUBECONFIG_KEY,
  REMOTE_KUBECONFIG_SECRET,
  TENANT,
  TENANT_NAMESPACE,
} from "./layout.ts";
import { type K8sObject, labels, obj } from "./objects.ts";

export const APPS_API = "apps.cozystack.io/v1alpha1";
export const LANDING_API = "moons.urmanac.com/v1alpha1";
export const CROSSPLANE_CHART = { repo: "https://charts.crossplane.io/stable", chart: "crossplane", version: "2.3.1" };
export const PROVIDER_KUBERNETES = "xpkg.crossplane.io/crossplane-contrib/provider-kubernetes:v1.2.1";
/** The ProviderConfig in Harvey that manages the parent (lab) cluster. */
export const PROVIDER_CONFIG = "moon";

export function tenantValues(): Record<string, unknown> {
  // etcd: the guest cluster's Kamaji control plane keeps its state in the tenant's own etcd.
  return { etcd: true, monitoring: false, ingress: false, seaweedfs: false };
}

/** Guest cluster values; the node-group shape changed between the lines (v0: ephemeralStorage + resources). */
export function guestClusterValues(plan: Plan): Record<string, unknown> {
  const group = { minReplicas: 1, maxReplicas: 2, instanceType: "u1.medium", roles: ["ingress-nginx"] };
  if (plan.cozystack.line === "v0")
    return {
      version: "v1.33",
      storageClass: "replicated",
      nodeGroups: { md0: { ...group, ephemeralStorage: "20Gi", resources: {} } },
    };
  return { version: "v1.35", storageClass: "replicated", nodeGroups: { md0: { ...group, diskSize: "20Gi" } } };
}

export function tenantObject(plan: Plan): K8sObject {
  return obj(
    APPS_API,
    "Tenant",
    { name: TENANT, namespace: "tenant-root", labels: labels(plan) },
    { spec: tenantValues() },
  );
}

export function guestClusterObject(plan: Plan): K8sObject {
  return obj(
    APPS_API,
    "Kubernetes",
    { name: GUEST_CLUSTER, namespace: TENANT_NAMESPACE, labels: labels(plan) },
    { spec: guestClusterValues(plan) },
  );
}

/** Moonlander's CRD. Status and finalizers are ours (the original had none). */
export function landingCrd(plan: Plan): K8sObject {
  const str = (description: string, extra: Record<string, unknown> = {}) => ({ type: "string", description, ...extra });
  return obj(
    "apiextensions.k8s.io/v1",
    "CustomResourceDefinition",
    { name: "landings.moons.urmanac.com", labels: labels(plan) },
    {
      spec: {
        group: "moons.urmanac.com",
        names: { kind: "Landing", listKind: "LandingList", plural: "landings", singular: "landing" },
        scope: "Namespaced",
        versions: [
          {
            name: "v1alpha1",
            served: true,
            storage: true,
            subresources: { status: {} },
            additionalPrinterColumns: [
              { name: "Ready", type: "string", jsonPath: ".status.conditions[?(@.type=='Ready')].status" },
              { name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp" },
            ],
            schema: {
              openAPIV3Schema: {
                type: "object",
                description:
                  "Landing copies a child cluster's admin kubeconfig into reach and writes the parent's kubeconfig into the child.",
                properties: {
                  apiVersion: { type: "string" },
                  kind: { type: "string" },
                  metadata: { type: "object" },
                  spec: {
                    type: "object",
                    properties: {
                      kubeconfigSecretName: str(
                        "Secret in the parent holding the child's admin kubeconfig; default kubernetes-<landing>-admin-kubeconfig",
                      ),
                      kubeconfigSecretKey: str("Key of that secret", { default: GUEST_KUBECONFIG_KEY }),
                      kubeconfigSecretNamespace: str("Namespace of that secret; default the Landing's namespace"),
                      writeKubeconfigSecretName: str("Secret written in the child with the parent kubeconfig", {
                        default: REMOTE_KUBECONFIG_SECRET,
                      }),
                      writeKubeconfigSecretKey: str("Key written in that secret", { default: REMOTE_KUBECONFIG_KEY }),
                      targetNamespace: str("Namespace in the child the secret is written to", {
                        default: CROSSPLANE_NAMESPACE,
                      }),
                    },
                  },
                  status: {
                    type: "object",
                    properties: {
                      observedGeneration: { type: "integer", format: "int64" },
                      conditions: {
                        type: "array",
                        items: {
                          type: "object",
                          required: ["type", "status"],
                          properties: {
                            type: { type: "string" },
                            status: { type: "string", enum: ["True", "False", "Unknown"] },
                            reason: { type: "string" },
                            message: { type: "string" },
                            lastTransitionTime: { type: "string", format: "date-time" },
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        ],
      },
    },
  );
}

export function landingObject(plan: Plan): K8sObject {
  return obj(
    LANDING_API,
    "Landing",
    { name: GUEST_CLUSTER, namespace: TENANT_NAMESPACE, labels: labels(plan) },
    {
      spec: {
        kubeconfigSecretName: GUEST_KUBECONFIG_SECRET,
        kubeconfigSecretKey: GUEST_KUBECONFIG_KEY,
        kubeconfigSecretNamespace: TENANT_NAMESPACE,
        writeKubeconfigSecretName: REMOTE_KUBECONFIG_SECRET,
        writeKubeconfigSecretKey: REMOTE_KUBECONFIG_KEY,
        targetNamespace: CROSSPLANE_NAMESPACE,
      },
    },
  );
}

/** Parent-side objects that install Crossplane into Harvey (HelmRelease spec.kubeConfig). */
export function harveyCrossplaneRelease(plan: Plan): K8sObject[] {
  const meta = (name: string) => ({ name, namespace: TENANT_NAMESPACE, labels: labels(plan) });
  return [
    obj(SOURCE_API, "HelmRepository", meta("crossplane-stable"), {
      spec: { interval: "1h", url: CROSSPLANE_CHART.repo },
    }),
    obj(HELM_API, "HelmRelease", meta(`${GUEST_CLUSTER}-crossplane`), {
      spec: {
        interval: "30m",
        releaseName: "crossplane",
        targetNamespace: CROSSPLANE_NAMESPACE,
        storageNamespace: CROSSPLANE_NAMESPACE,
        install: { createNamespace: true, remediation: { retries: 3 } },
        chart: {
          spec: {
            chart: CROSSPLANE_CHART.chart,
            version: CROSSPLANE_CHART.version,
            sourceRef: { kind: "HelmRepository", name: "crossplane-stable" },
          },
        },
        kubeConfig: { secretRef: { name: GUEST_KUBECONFIG_SECRET, key: GUEST_KUBECONFIG_KEY } },
      },
    }),
  ];
}

/** Applied inside Harvey: provider-kubernetes and the ProviderConfig reading the secret Moonlander writes. */
export function harveyObjects(plan: Plan): K8sObject[] {
  return [
    obj(
      "pkg.crossplane.io/v1",
      "Provider",
      { name: "provider-kubernetes", labels: labels(plan) },
      {
        spec: { package: PROVIDER_KUBERNETES },
      },
    ),
    obj(
      "kubernetes.crossplane.io/v1alpha1",
      "ProviderConfig",
      { name: PROVIDER_CONFIG, labels: labels(plan) },
      {
        spec: {
          credentials: {
            source: "Secret",
            secretRef: { namespace: CROSSPLANE_NAMESPACE, name: REMOTE_KUBECONFIG_SECRET, key: REMOTE_KUBECONFIG_KEY },
          },
        },
      },
    ),
  ];
}
