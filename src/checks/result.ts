// Results of running checks, and the summary every reporter prints.
import type { AcceptanceId } from "./acceptance.ts";
import type { Mode, Status } from "./check.ts";

export interface Result {
  readonly id: string;
  readonly test: AcceptanceId;
  readonly title: string;
  readonly mode: Mode;
  readonly status: Status;
  readonly evidence: readonly string[];
  /** Not-applicable reason, or the cause of an error. */
  readonly reason?: string;
  /** A failure the spec acknowledged, with its written reason: reported, not counted as failing. */
  readonly acknowledged?: string;
}

export interface Summary {
  readonly total: number;
  readonly passed: number;
  readonly failed: number;
  readonly acknowledged: number;
  readonly notApplicable: number;
  readonly errors: number;
}

export function summarize(results: readonly Result[]): Summary {
  const count = (f: (r: Result) => boolean) => results.filter(f).length;
  return {
    total: results.length,
    passed: count((r) => r.status === "pass"),
    failed: count((r) => r.status === "fail" && r.acknowledged === undefined),
    acknowledged: count((r) => r.status === "fail" && r.acknowledged !== undefined),
    notApplicable: count((r) => r.status === "not-applicable"),
    errors: count((r) => r.status === "error"),
  };
}

/** True when nothing failed unacknowledged and nothing errored. */
export function succeeded(results: readonly Result[]): boolean {
  const s = summarize(results);
  return s.failed === 0 && s.errors === 0;
}
