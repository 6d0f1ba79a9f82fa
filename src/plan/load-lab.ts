// Loads a spec file (or the built-in default lab "moon"), validates it, and builds the plan.
import { dirname, resolve } from "node:path";
import { SpecInvalidError } from "../errors.ts";
import type { SpecIssue } from "../spec/issue.ts";
import type { Spec } from "../spec/schema.ts";
import { validateYaml } from "../spec/validate.ts";
import { buildPlan } from "./build-plan.ts";
import { chooseSpec, readSpecText } from "./spec-choice.ts";
import type { Plan } from "./types.ts";

// Re-exported: callers that load a lab also name the spec the same way.
export { chooseSpec, DEFAULT_SPEC_PATH, LOCAL_SPEC, readSpecText } from "./spec-choice.ts";

export interface LoadedLab {
  readonly source: string;
  readonly specDir: string;
  readonly spec: Spec;
  readonly plan: Plan;
  /** Warnings (acknowledged or not blocking). */
  readonly warnings: readonly SpecIssue[];
}

export function loadLab(path: string | undefined): LoadedLab {
  const { text, source } = readSpecText(path);
  const file = chooseSpec(path).file;
  const v = validateYaml(text, file === undefined ? "moon.lab.yaml" : file === "-" ? "<stdin>" : file);
  if (!v.ok) throw new SpecInvalidError(source, v.issues);
  const specDir = file === undefined || file === "-" ? process.cwd() : dirname(resolve(file));
  return { source, specDir, spec: v.spec, plan: buildPlan(v.spec), warnings: v.issues };
}
