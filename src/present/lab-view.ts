// Everything the report and the talk show about one lab, gathered by the app (src/app/present-lab.ts): the plan,
// its rendered tree and plan-mode results, the suite's checks (for GIVEN/WHEN/THEN), and what earlier commands
// recorded. The renderers read only this, so the same lab and the same records give the same bytes.
import type { ArtifactTree } from "../artifacts/tree.ts";
import type { Check, Status } from "../checks/check.ts";
import type { Result } from "../checks/result.ts";
import type { CostEstimate } from "../cost-model/estimate.ts";
import type { Plan } from "../plan/types.ts";
import { readCostJson } from "../render/cost/read.ts";
import type { Layout } from "./diagram/layout.ts";
import type { Records, RunRecord } from "./records.ts";

export interface LabView {
  readonly plan: Plan;
  readonly artifacts: ArtifactTree;
  readonly checks: readonly Check[];
  /** Plan-mode results over `artifacts`, computed now. */
  readonly results: readonly Result[];
  readonly records: Records;
}

export interface Engines {
  readonly layout: Layout;
}

export function costOf(v: LabView): CostEstimate {
  const c = readCostJson(v.artifacts);
  if (!c) throw new Error("cost.json was not rendered: the report needs the cost family");
  return c;
}

/**
 * The latest recorded live result of a check and the run it came from: the latest that observed something (pass,
 * fail, error) if any run did, so a later run that could not look (not applicable) does not hide real evidence;
 * else the latest not-applicable one, with its reason.
 */
export function latestLive(
  records: Records,
  id: string,
): { readonly result: RunRecord["results"][number]; readonly run: RunRecord } | undefined {
  let fallback: { readonly result: RunRecord["results"][number]; readonly run: RunRecord } | undefined;
  for (const run of [...records.runs].reverse()) {
    const r = run.results.find((x) => x.id === id && x.mode === "live");
    if (!r) continue;
    if (r.status !== "not-applicable") return { result: r, run };
    fallback ??= { result: r, run };
  }
  return fallback;
}

const RANK: Record<Status, number> = { error: 3, fail: 2, pass: 1, "not-applicable": 0 };

/** One status for a test in a set of results: the worst unacknowledged one (an acknowledged fail counts as pass). */
export function testStatus(
  results: readonly { test: string; status: Status; acknowledged?: string | undefined }[],
  test: string,
): Status | "none" {
  const mine = results.filter((r) => r.test === test);
  if (mine.length === 0) return "none";
  return mine
    .map((r) => (r.status === "fail" && r.acknowledged !== undefined ? "pass" : r.status))
    .reduce((a, b) => (RANK[b] > RANK[a] ? b : a), "not-applicable" as Status);
}
