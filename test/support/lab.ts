// Test helpers: load example specs, build plans from YAML or objects.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { buildPlan } from "../../src/plan/build-plan.ts";
import type { Plan } from "../../src/plan/types.ts";
import type { Spec } from "../../src/spec/schema.ts";
import { validateObject } from "../../src/spec/validate.ts";
import { ROOT } from "./tools.ts";

export const EXAMPLES = ["moon", "home"] as const;

export function exampleText(name: string): string {
  return readFileSync(join(ROOT, "examples", `${name}.lab.yaml`), "utf8");
}

export function exampleObject(name: string): Record<string, unknown> {
  return parse(exampleText(name)) as Record<string, unknown>;
}

export function specOf(input: unknown): Spec {
  const v = validateObject(input);
  if (!v.ok) throw new Error(`invalid spec in test: ${v.issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`);
  return v.spec;
}

export function planOf(input: unknown): Plan {
  return buildPlan(specOf(input));
}

/** The example spec with a deep patch applied (objects merge, arrays and scalars replace). */
export function patched(name: string, patch: Record<string, unknown>): Record<string, unknown> {
  return merge(exampleObject(name), patch) as Record<string, unknown>;
}

function merge(base: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== "object" || Array.isArray(patch)) return patch;
  if (base === null || typeof base !== "object" || Array.isArray(base)) return patch;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(patch)) out[k] = v === undefined ? undefined : merge(out[k], v);
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}

/**
 * The example's plan with every node's instance type replaced after validation (which refuses types outside the
 * catalog): for consumers that must still cope with a type the price table does not know (defence in depth).
 */
export function planWithNodeType(name: string, instanceType: string): Plan {
  const plan = planOf(exampleObject(name));
  return { ...plan, nodes: plan.nodes.map((n) => ({ ...n, instanceType })) };
}
