// `moonlab doctor`: the programs the product shells out to, the versions wanted and found. `moonlab wake` runs the
// same table first and refuses to start anything when a tool is missing (exit 2), never half-way.
import { UsageError } from "../errors.ts";
import { type AccessRequest, accessNeedsSessionPlugin, chooseBastionAccess } from "../plan/bastion-access.ts";
import type { Plan } from "../plan/types.ts";
import type { OperatorPort } from "../ports/operator.ts";
import { operatorTools } from "../versions/operator-tools.ts";

export interface DoctorRow {
  readonly tool: string;
  readonly purpose: string;
  readonly wanted: string;
  /** The version found, or undefined when the tool is not installed. */
  readonly found?: string;
  readonly status: "ok" | "other-version" | "missing";
  readonly install: string;
}

/** Whether the lab's path to the bastion goes over SSM (then session-manager-plugin is needed). A lab without any
 * path needs no plugin: wake says what to set (src/plan/bastion-access.ts), doctor only lists tools. */
export function needsSessionPlugin(plan: Plan, request: AccessRequest = {}): boolean {
  try {
    return accessNeedsSessionPlugin(chooseBastionAccess(plan, request));
  } catch (e) {
    if (e instanceof UsageError) return false;
    throw e;
  }
}

export async function doctor(
  operator: OperatorPort,
  talosVersion: string,
  o: { readonly sessionPlugin?: boolean } = {},
): Promise<DoctorRow[]> {
  const rows: DoctorRow[] = [];
  for (const t of operatorTools(talosVersion, o)) {
    const found = await operator.version(t.tool);
    const status = found === undefined ? "missing" : t.accepts(found) ? "ok" : "other-version";
    rows.push({
      tool: t.tool,
      purpose: t.purpose,
      wanted: t.wanted,
      ...(found !== undefined ? { found } : {}),
      status,
      install: t.install,
    });
  }
  return rows;
}

/** Throws before anything starts when a tool is missing; another version is a warning (it may still work). */
export function requireTools(rows: readonly DoctorRow[], warn: (line: string) => void): void {
  for (const r of rows.filter((x) => x.status === "other-version"))
    warn(`warning: ${r.tool} ${r.found} found, ${r.wanted} wanted (moonlab doctor)`);
  const missing = rows.filter((r) => r.status === "missing");
  if (missing.length > 0)
    throw new UsageError(
      `missing operator tools, nothing was started:\n${missing.map((r) => `  ${r.tool} (${r.wanted}): ${r.purpose}; install: ${r.install}`).join("\n")}\n` +
        "`moonlab doctor` lists what is needed and what was found",
    );
}

export function formatDoctor(rows: readonly DoctorRow[]): string {
  const w = (s: string, n: number) => s.padEnd(n);
  const t = Math.max(9, ...rows.map((r) => r.tool.length));
  const lines = [`${w("tool", t)} ${w("status", 14)} ${w("found", 10)} wanted`];
  for (const r of rows) lines.push(`${w(r.tool, t)} ${w(r.status, 14)} ${w(r.found ?? "-", 10)} ${r.wanted}`);
  const missing = rows.filter((r) => r.status === "missing");
  for (const r of missing) lines.push(`  ${r.tool}: ${r.purpose}; install: ${r.install}`);
  return `${lines.join("\n")}\n`;
}
