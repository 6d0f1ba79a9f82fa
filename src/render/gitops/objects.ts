// Small builders for Kubernetes objects and their YAML. Objects are typed data serialized with the yaml package
// (insertion order is the output order, so the builders fix it); never string templates.
import { stringify } from "yaml";
import type { Plan } from "../../plan/types.ts";

export interface K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
  };
  readonly [field: string]: unknown;
}

/** Labels every object of the tree carries (what owns it, which lab). */
export function labels(plan: Plan, extra: Record<string, string> = {}): Record<string, string> {
  return { "app.kubernetes.io/managed-by": "moonlab", "moonlab.dev/lab": plan.lab, ...extra };
}

export function obj(
  apiVersion: string,
  kind: string,
  metadata: K8sObject["metadata"],
  body: Record<string, unknown> = {},
): K8sObject {
  return { apiVersion, kind, metadata, ...body };
}

/** One YAML stream, documents separated by `---`; byte-stable for equal input. */
export function yamlDocs(objects: readonly unknown[]): string {
  return objects.map((o) => stringify(o, { lineWidth: 0 })).join("---\n");
}

export function namespace(plan: Plan, name: string, extra: Record<string, string> = {}): K8sObject {
  return obj("v1", "Namespace", { name, labels: labels(plan, extra) });
}

/** A kustomize `kustomization.yaml` listing the files of a directory. */
export function kustomizationFile(resources: readonly string[]): Record<string, unknown> {
  return { apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization", resources: [...resources] };
}
