// Example plans the gitops integration tests render, and the Kubernetes objects of a rendered tree.
import { parseAllDocuments } from "yaml";
import { textOf } from "../../../src/artifacts/artifact.ts";
import type { Plan } from "../../../src/plan/types.ts";
import { gitopsArtifacts } from "../../../src/render/gitops/index.ts";
import { patched, planOf } from "../../support/lab.ts";

export const CASES: Record<string, () => Plan> = {
  moon: () => planOf(patched("moon", {})),
  home: () => planOf(patched("home", {})),
  "home without a pool": () => planOf(patched("home", { network: { loadBalancerPool: undefined } })),
  "home on CozyStack v0": () =>
    planOf(
      patched("home", { talos: { version: "v1.11.5" }, cozystack: { version: "v0.41.11", variant: "paas-full" } }),
    ),
};

/** Rendered Kubernetes objects: every YAML document except kustomize's own files and the installer values. */
export function renderedObjects(plan: Plan): { path: string; object: Record<string, unknown> }[] {
  const out: { path: string; object: Record<string, unknown> }[] = [];
  for (const a of gitopsArtifacts(plan)) {
    if (!a.path.endsWith(".yaml") || a.path.endsWith("/kustomization.yaml") || a.path.startsWith("gitops/bootstrap/"))
      continue;
    for (const d of parseAllDocuments(textOf(a)))
      out.push({ path: a.path, object: d.toJS() as Record<string, unknown> });
  }
  return out;
}
