// A check: one file, file name = check id (e.g. t01/vpc-has-ipv6). Pure predicates over a target return an
// Outcome; the engine turns throws into `error` results and applies acknowledgements (cdk-nag's model).
import { fileURLToPath } from "node:url";
import type { ArtifactTree } from "../artifacts/tree.ts";
import type { Plan } from "../plan/types.ts";
import type { Ports } from "../ports/ports.ts";
import type { AcceptanceId } from "./acceptance.ts";

export type Status = "pass" | "fail" | "not-applicable" | "error";
export type Mode = "plan" | "live";

export interface Outcome {
  readonly status: "pass" | "fail" | "not-applicable";
  /** What was looked at and what was found, one fact per line. */
  readonly evidence: readonly string[];
  /** Why not applicable. */
  readonly reason?: string;
}

export interface PlanTarget {
  readonly plan: Plan;
  readonly artifacts: ArtifactTree;
}

export interface LiveTarget {
  readonly plan: Plan;
  readonly ports: Partial<Ports>;
}

export interface CheckSpec {
  readonly test: AcceptanceId;
  readonly title: string;
  readonly given: string;
  readonly when: string;
  readonly then: string;
  /** Why it matters (printed by `moonlab explain`). */
  readonly why: string;
  readonly plan?: (t: PlanTarget) => Outcome;
  readonly live?: (t: LiveTarget) => Promise<Outcome>;
}

export interface Check extends CheckSpec {
  readonly id: string;
}

/** Derives the id from the defining file (`src/checks/t01/vpc-has-ipv6.ts` -> `t01/vpc-has-ipv6`) so they cannot drift. */
export function checkIdFromUrl(url: string): string {
  const parts = fileURLToPath(url).split(/[\\/]/);
  const file = (parts.pop() ?? "").replace(/\.ts$/, "");
  const dir = parts.pop() ?? "";
  return `${dir}/${file}`;
}

export function defineCheck(url: string, spec: CheckSpec): Check {
  return { id: checkIdFromUrl(url), ...spec };
}

export const pass = (...evidence: string[]): Outcome => ({ status: "pass", evidence });
export const fail = (...evidence: string[]): Outcome => ({ status: "fail", evidence });
export const notApplicable = (reason: string, ...evidence: string[]): Outcome => ({
  status: "not-applicable",
  evidence,
  reason,
});
/** pass when `problems` is empty, else fail listing them; `ok` lines are evidence for the pass. */
export function verdict(problems: readonly string[], ok: readonly string[]): Outcome {
  return problems.length === 0 ? pass(...ok) : fail(...problems);
}
