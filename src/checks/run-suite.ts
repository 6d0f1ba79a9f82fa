// Runs checks by id: finds each check in the suite, runs the plan or live predicate, turns throws into `error` results
// (never a crash) and marks acknowledged failures with their reason.
import type { Check, LiveTarget, Outcome, PlanTarget } from "./check.ts";
import type { Result } from "./result.ts";
import { CHECKS } from "./suite.ts";

const BY_ID: ReadonlyMap<string, Check> = new Map(CHECKS.map((c) => [c.id, c]));

/** The check with this id; an unknown id is a usage error that names the closest form expected. */
export function loadCheck(id: string): Check {
  const check = BY_ID.get(id);
  if (!check)
    throw new Error(
      `not a check id: ${JSON.stringify(id)} (expected one of the suite's ids, like t01/addresses-unique)`,
    );
  return check;
}

export function loadChecks(ids: readonly string[]): Check[] {
  return ids.map(loadCheck);
}

function toResult(check: Check, mode: Result["mode"], o: Outcome, acks: Readonly<Record<string, string>>): Result {
  const ack = o.status === "fail" ? acks[check.id] : undefined;
  return {
    id: check.id,
    test: check.test,
    title: check.title,
    mode,
    status: o.status,
    evidence: [...o.evidence],
    ...(o.reason !== undefined ? { reason: o.reason } : {}),
    ...(ack !== undefined ? { acknowledged: ack } : {}),
  };
}

function errorResult(check: Check, mode: Result["mode"], e: unknown): Result {
  const cause = e instanceof Error ? e.message : String(e);
  return { id: check.id, test: check.test, title: check.title, mode, status: "error", evidence: [], reason: cause };
}

function isOutcome(o: unknown): o is Outcome {
  return (
    typeof o === "object" &&
    o !== null &&
    ["pass", "fail", "not-applicable"].includes((o as Outcome).status) &&
    Array.isArray((o as Outcome).evidence)
  );
}

export function runPlan(checks: readonly Check[], target: PlanTarget): Result[] {
  const acks = target.plan.acknowledgements;
  return checks.map((c) => {
    if (!c.plan)
      return toResult(
        c,
        "plan",
        { status: "not-applicable", evidence: [], reason: "observed live only (--live)" },
        acks,
      );
    try {
      const o = c.plan(target);
      if (!isOutcome(o)) throw new Error("the check returned no outcome");
      return toResult(c, "plan", o, acks);
    } catch (e) {
      return errorResult(c, "plan", e);
    }
  });
}

export async function runLive(checks: readonly Check[], target: LiveTarget): Promise<Result[]> {
  const acks = target.plan.acknowledgements;
  const out: Result[] = [];
  // Sequential on purpose: live checks hit real endpoints and their order makes logs readable.
  for (const c of checks) {
    if (!c.live) {
      out.push(
        toResult(c, "live", { status: "not-applicable", evidence: [], reason: "checked in plan mode only" }, acks),
      );
      continue;
    }
    try {
      const o = await c.live(target);
      if (!isOutcome(o)) throw new Error("the check returned no outcome");
      out.push(toResult(c, "live", o, acks));
    } catch (e) {
      out.push(errorResult(c, "live", e));
    }
  }
  return out;
}
