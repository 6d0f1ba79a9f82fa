// JSON report: stable for scripts (sorted by suite order as given, no timings, fixed key order).
import { type Result, summarize } from "../result.ts";

export function formatJson(results: readonly Result[], extra: Record<string, unknown> = {}): string {
  const body = {
    ...extra,
    summary: summarize(results),
    results: results.map((r) => ({
      id: r.id,
      test: r.test,
      title: r.title,
      mode: r.mode,
      status: r.status,
      evidence: r.evidence,
      ...(r.reason !== undefined ? { reason: r.reason } : {}),
      ...(r.acknowledged !== undefined ? { acknowledged: r.acknowledged } : {}),
    })),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}
