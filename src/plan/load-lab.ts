// Loads a spec file (or the built-in default lab "moon"), validates it, and builds the plan.
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { SpecInvalidError, UsageError } from "../errors.ts";
import type { SpecIssue } from "../spec/issue.ts";
import type { Spec } from "../spec/schema.ts";
import { validateYaml } from "../spec/validate.ts";
import { buildPlan } from "./build-plan.ts";
import { readBounded } from "./read-bounded.ts";
import type { Plan } from "./types.ts";

export const DEFAULT_SPEC_PATH = fileURLToPath(new URL("../../examples/moon.lab.yaml", import.meta.url));

export interface LoadedLab {
  readonly source: string;
  readonly specDir: string;
  readonly spec: Spec;
  readonly plan: Plan;
  /** Warnings (acknowledged or not blocking). */
  readonly warnings: readonly SpecIssue[];
}

export function readSpecText(path: string | undefined): { text: string; source: string } {
  if (path === "-") return { text: readBounded(0, "<stdin>"), source: "<stdin>" };
  const file = path ?? DEFAULT_SPEC_PATH;
  if (!existsSync(file)) throw new UsageError(`spec file ${file} does not exist (run \`moonlab init\` to write one)`);
  return { text: readBounded(file, file), source: path === undefined ? "built-in default lab (moon)" : file };
}

export function loadLab(path: string | undefined): LoadedLab {
  const { text, source } = readSpecText(path);
  const v = validateYaml(text, path === undefined ? "moon.lab.yaml" : path === "-" ? "<stdin>" : path);
  if (!v.ok) throw new SpecInvalidError(source, v.issues);
  const specDir = path === undefined || path === "-" ? process.cwd() : dirname(resolve(path));
  return { source, specDir, spec: v.spec, plan: buildPlan(v.spec), warnings: v.issues };
}
