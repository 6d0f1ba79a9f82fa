// Matching differences against the allowed list (see allowed-differences.ts for the path syntax).
import type { AllowedDifference } from "./allowed-differences.ts";
import type { Difference } from "./structural-diff.ts";

export interface LabFacts {
  readonly minor: string;
  readonly target: string;
  readonly nat: boolean;
}

const escapeRegex = (s: string): string => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&");

/** `*` is any run of characters (document names and label keys contain dots); a pattern covers its subtree. */
function matches(pattern: string, path: string): boolean {
  const body = pattern.split("*").map(escapeRegex).join(".+");
  const below = pattern.endsWith(":") ? "" : "(\\..+)?";
  return new RegExp(`^${body}${below}$`, "s").test(path);
}

/** The allowed entry that covers a difference in this lab, or undefined. */
export function allowedFor(
  d: Difference,
  lab: LabFacts,
  list: readonly AllowedDifference[],
): AllowedDifference | undefined {
  return list.find((a) => a.kind === d.kind && (a.when?.(lab) ?? true) && matches(a.path, d.path));
}
