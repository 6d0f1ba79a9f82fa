// SpinKube: spin-operator from its pinned OCI chart (through the bastion's ghcr.io cache when the lab has one, as
// the nodes have no public IPv4), the RuntimeClass `wasmtime-spin-v2` (containerd handler `spin`, from the Talos
// extension siderolabs/spin) scheduled only on nodes whose group schematic has that extension, and the
// SpinAppExecutor `containerd-shim-spin` beside the apps that use it (executors are namespaced).
import type { Plan } from "../../plan/types.ts";
import { demoImageRef } from "./demo-image.ts";
import { HELM_API, SOURCE_API } from "./flux.ts";
import {
  DEMO_APP,
  DEMO_NAMESPACE,
  RUNTIME_CLASS,
  SPIN_EXECUTOR,
  SPIN_NODE_LABEL,
  SPIN_OPERATOR_NAMESPACE,
  spinGroups,
} from "./layout.ts";
import { type K8sObject, labels, namespace, obj } from "./objects.ts";

export const SPIN_OPERATOR_CHART = "spinframework/charts/spin-operator";
export const SPIN_HANDLER = "spin";

/** Where source-controller pulls the chart: the lab's ghcr.io pull-through cache, or ghcr.io itself. */
export function spinOperatorChartUrl(plan: Plan): { url: string; insecure: boolean } {
  const cache = plan.caches.find((c) => c.upstream === "ghcr.io");
  if (cache) return { url: `oci://${plan.bastion.address}:${cache.port}/${SPIN_OPERATOR_CHART}`, insecure: true };
  return { url: plan.components.spinOperator.chart, insecure: false };
}

export function spinOperatorObjects(plan: Plan): K8sObject[] {
  const src = spinOperatorChartUrl(plan);
  const meta = (name: string) => ({ name, namespace: SPIN_OPERATOR_NAMESPACE, labels: labels(plan) });
  return [
    namespace(plan, SPIN_OPERATOR_NAMESPACE),
    obj(SOURCE_API, "OCIRepository", meta("spin-operator"), {
      spec: {
        interval: "1h",
        url: src.url,
        ...(src.insecure ? { insecure: true } : {}),
        ref: { tag: plan.components.spinOperator.version },
        layerSelector: { mediaType: "application/vnd.cncf.helm.chart.content.v1.tar+gzip", operation: "copy" },
      },
    }),
    obj(HELM_API, "HelmRelease", meta("spin-operator"), {
      spec: {
        interval: "30m",
        chartRef: { kind: "OCIRepository", name: "spin-operator", namespace: SPIN_OPERATOR_NAMESPACE },
        install: { remediation: { retries: 3 } },
        upgrade: { remediation: { retries: 3 } },
      },
    }),
  ];
}

/** The node selector the RuntimeClass adds to every Spin pod: the spin extension, and the lab's architecture. */
export function spinNodeSelector(plan: Plan): Record<string, string> {
  return { [SPIN_NODE_LABEL]: "true", "kubernetes.io/arch": plan.arch };
}

export function runtimeClass(plan: Plan): K8sObject {
  return obj(
    "node.k8s.io/v1",
    "RuntimeClass",
    { name: RUNTIME_CLASS, labels: labels(plan, { "moonlab.dev/spin-groups": spinGroups(plan).join(".") }) },
    { handler: SPIN_HANDLER, scheduling: { nodeSelector: spinNodeSelector(plan) } },
  );
}

export function spinExecutor(plan: Plan): K8sObject {
  return obj(
    "core.spinkube.dev/v1alpha1",
    "SpinAppExecutor",
    { name: SPIN_EXECUTOR, namespace: DEMO_NAMESPACE, labels: labels(plan) },
    {
      spec: {
        createDeployment: true,
        deploymentConfig: { runtimeClassName: RUNTIME_CLASS, installDefaultCACerts: true },
      },
    },
  );
}

/**
 * The demo SpinApp. SpinApp v1alpha1 has no nodeSelector field: arm64 placement comes from the RuntimeClass's
 * scheduling.nodeSelector (kubernetes.io/arch), which Kubernetes merges into every pod that uses it.
 */
export function demoSpinApp(plan: Plan): K8sObject {
  return obj(
    "core.spinkube.dev/v1alpha1",
    "SpinApp",
    { name: DEMO_APP, namespace: DEMO_NAMESPACE, labels: labels(plan) },
    {
      spec: {
        image: demoImageRef(plan),
        replicas: 2,
        executor: SPIN_EXECUTOR,
        podLabels: { "moonlab.dev/demo": DEMO_APP },
        checks: {
          readiness: { httpGet: { path: "/health" } },
          liveness: { httpGet: { path: "/health" } },
        },
      },
    },
  );
}
