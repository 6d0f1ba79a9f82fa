// Plan-mode targets over a rendered gitops tree, with a way to break one object to see a check fail.
import { parseAllDocuments, stringify } from "yaml";
import { type Artifact, textOf } from "../../src/artifacts/artifact.ts";
import { ArtifactTree } from "../../src/artifacts/tree.ts";
import type { PlanTarget } from "../../src/checks/check.ts";
import type { Plan } from "../../src/plan/types.ts";
import { gitopsArtifacts } from "../../src/render/gitops/index.ts";
import { patched, planOf } from "../support/lab.ts";

export type Obj = Record<string, unknown> & { kind: string; metadata: { name: string; namespace?: string } };

export const moonPlan = (): Plan => planOf(patched("moon", {}));
export const homePlan = (): Plan => planOf(patched("home", {}));

/** The tree as rendered, or with `edit` applied to every object (return undefined to drop it). */
export function gitopsTarget(plan: Plan, edit?: (o: Obj) => Obj | undefined): PlanTarget {
  const artifacts: Artifact[] = gitopsArtifacts(plan).map((a) => {
    if (!edit || !a.path.endsWith(".yaml")) return a;
    const docs = parseAllDocuments(textOf(a))
      .map((d) => d.toJS() as Obj)
      .map((o) => (o && typeof o.kind === "string" && o.metadata ? edit(structuredClone(o)) : o))
      .filter((o) => o !== undefined);
    return { ...a, content: docs.map((o) => stringify(o)).join("---\n") };
  });
  return { plan, artifacts: new ArtifactTree(artifacts) };
}

/** Edits one object by kind and name, leaves the rest alone. */
export function editing(kind: string, name: string, f: (o: Obj) => Obj | undefined): (o: Obj) => Obj | undefined {
  return (o) => (o.kind === kind && o.metadata.name === name ? f(o) : o);
}
