// Console text of a rehearsal: services, per-node boot proof, then the live checks in the suite's usual format.
import type { Result } from "../checks/result.ts";
import type { RehearsalReport } from "./rehearse.ts";

type ConsoleFormatter = (results: readonly Result[], options: { color?: boolean; verbose?: boolean }) => string;

export function formatRehearsal(r: RehearsalReport, formatChecks: ConsoleFormatter, color: boolean): string {
  const lines: string[] = [];
  lines.push(`rehearsal of lab ${r.lab} in namespace ${r.netns} (${r.payload} payload)`);
  lines.push(`  services: ${r.services.join(", ")}`);
  for (const s of r.skipped) lines.push(`  not started: ${s.why}`);
  for (const n of r.nodes) {
    lines.push(
      `  ${n.ok ? "PASS" : "FAIL"} ${n.name} ${n.mac} ${n.firmware}${n.seconds !== undefined ? ` ${n.seconds.toFixed(1)} s to phone-home` : ""}`,
    );
    for (const e of n.ok ? n.evidence : n.problems) lines.push(`       ${e}`);
    if (!n.ok) lines.push(`       console: ${n.consoleLog}`);
  }
  if (r.checks.length > 0) lines.push(formatChecks(r.checks, { color }).trimEnd());
  lines.push(r.ok ? "rehearsal passed" : `rehearsal FAILED${r.workDirKept ? `; logs in ${r.workDir}` : ""}`);
  return `${lines.join("\n")}\n`;
}
