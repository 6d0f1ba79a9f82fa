// Console report grouped by acceptance test, one status line per check (green pass, red fail).
import { styleText } from "node:util";
import { ACCEPTANCE_IDS, ACCEPTANCE_TESTS } from "../acceptance.ts";
import { type Result, summarize } from "../result.ts";

type Style = Parameters<typeof styleText>[0];

function mark(r: Result, color: boolean): string {
  const paint = (s: Style, t: string) => (color ? styleText(s, t) : t);
  if (r.status === "pass") return paint("green", "PASS");
  if (r.status === "fail" && r.acknowledged !== undefined) return paint("yellow", "ACK ");
  if (r.status === "fail") return paint("red", "FAIL");
  if (r.status === "error") return paint("magenta", "ERR ");
  return paint("gray", "N/A ");
}

export function formatConsole(
  results: readonly Result[],
  options: { color?: boolean; verbose?: boolean } = {},
): string {
  const color = options.color ?? false;
  const lines: string[] = [];
  for (const test of ACCEPTANCE_IDS) {
    const rs = results.filter((r) => r.test === test);
    if (rs.length === 0) continue;
    const s = summarize(rs);
    const head = s.failed + s.errors === 0 ? "ok" : "FAILING";
    lines.push(`${test} ${ACCEPTANCE_TESTS[test]} [${head}]`);
    for (const r of rs) {
      lines.push(`  ${mark(r, color)} ${r.id} (${r.mode}) ${r.title}`);
      if (r.status === "fail" || r.status === "error" || options.verbose)
        for (const e of r.evidence.slice(0, options.verbose ? undefined : 8)) lines.push(`       ${e}`);
      if (r.reason !== undefined && (r.status !== "not-applicable" || options.verbose))
        lines.push(`       ${r.status === "error" ? "error" : "why"}: ${r.reason}`);
      if (r.acknowledged !== undefined) lines.push(`       acknowledged: ${r.acknowledged}`);
    }
  }
  const s = summarize(results);
  lines.push(
    `checks: ${s.passed} passed, ${s.failed} failed, ${s.acknowledged} acknowledged, ${s.notApplicable} not applicable, ${s.errors} errors`,
  );
  return `${lines.join("\n")}\n`;
}
