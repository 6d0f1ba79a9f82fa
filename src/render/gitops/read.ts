// Pure readers over Kubernetes objects (as KubePort returns them, or as rendered) that the gitops checks share:
// conditions, readiness, and finding rendered objects in the artifact tree.

import type { ArtifactTree } from "../../artifacts/tree.ts";
import type { KubeObject } from "../../ports/kube.ts";
import { ROOT } from "./layout.ts";

export interface Condition {
  readonly type: string;
  readonly status: string;
  readonly reason?: string;
  readonly message?: string;
}

export function conditions(o: { readonly status?: unknown }): Condition[] {
  const c = (o.status as { conditions?: unknown } | undefined)?.conditions;
  return Array.isArray(c) ? (c as Condition[]) : [];
}

export function condition(o: { readonly status?: unknown }, type: string): Condition | undefined {
  return conditions(o).find((c) => c.type === type);
}

/** "Ready=True" as Flux, CozyStack and most controllers report it. */
export function isReady(o: { readonly status?: unknown }): boolean {
  return condition(o, "Ready")?.status === "True";
}

/** `kind ns/name: Ready=False (reason: message)` for evidence lines. */
export function describeReady(o: KubeObject): string {
  const c = condition(o, "Ready");
  const where = o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name;
  if (!c) return `${o.kind} ${where}: no Ready condition yet`;
  return `${o.kind} ${where}: Ready=${c.status}${c.reason ? ` (${c.reason}${c.message ? `: ${c.message}` : ""})` : ""}`;
}

export interface RenderedObject {
  readonly path: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [k: string]: unknown };
  readonly [field: string]: unknown;
}

/** Every Kubernetes object in the rendered gitops tree (YAML files, all documents). */
export function renderedObjects(tree: ArtifactTree): RenderedObject[] {
  const out: RenderedObject[] = [];
  for (const path of tree.list(`${ROOT}/`)) {
    if (!path.endsWith(".yaml")) continue;
    for (const doc of tree.yamlAll(path)) {
      const o = doc as Partial<RenderedObject> | null;
      if (o && typeof o.kind === "string" && typeof o.apiVersion === "string" && o.metadata)
        out.push({ ...(o as RenderedObject), path });
    }
  }
  return out;
}

export function findRendered(
  tree: ArtifactTree,
  kind: string,
  name?: string,
  namespace?: string,
): RenderedObject | undefined {
  return renderedObjects(tree).find(
    (o) =>
      o.kind === kind &&
      (name === undefined || o.metadata.name === name) &&
      (namespace === undefined || o.metadata.namespace === namespace),
  );
}
