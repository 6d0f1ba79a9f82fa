// A validation problem: stable code, spec path, what was received, what is allowed and how to fix it.
export type Severity = "error" | "warning";

export interface SpecIssue {
  readonly code: string;
  readonly path: string;
  readonly message: string;
  readonly received?: string;
  readonly allowed?: string;
  readonly fix?: string;
  readonly severity: Severity;
  /** Set when a warning was acknowledged in the spec; it then does not block. */
  readonly acknowledged?: string;
}

/** Formats a path array as `nodes[1].mac`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else out += out === "" ? String(p) : `.${String(p)}`;
  }
  return out === "" ? "(root)" : out;
}

export function issue(
  code: string,
  path: readonly PropertyKey[] | string,
  message: string,
  extra: { received?: unknown; allowed?: string; fix?: string; severity?: Severity } = {},
): SpecIssue {
  const out: SpecIssue = {
    code,
    path: clip(typeof path === "string" ? path : formatPath(path), 2 * MAX_ECHO),
    message: clip(message, 4 * MAX_ECHO),
    severity: extra.severity ?? "error",
    ...(extra.received !== undefined ? { received: show(extra.received) } : {}),
    ...(extra.allowed !== undefined ? { allowed: clip(extra.allowed, 8 * MAX_ECHO) } : {}),
    ...(extra.fix !== undefined ? { fix: clip(extra.fix, 4 * MAX_ECHO) } : {}),
  };
  return out;
}

/** Longest echo of a received value (or a message, a path) in an issue: a 50 MB name is not printed whole. */
export const MAX_ECHO = 120;

/** Cuts a long text, saying how long it was. */
export function clip(s: string, max = MAX_ECHO): string {
  return s.length > max ? `${s.slice(0, max - 3)}... (${s.length} characters)` : s;
}

export function show(v: unknown): string {
  // JSON has no Infinity or NaN (JSON.stringify writes null): show what YAML's .inf / .nan became.
  if (typeof v === "number" && !Number.isFinite(v)) return String(v);
  if (typeof v === "bigint" || typeof v === "symbol" || typeof v === "function") return clip(String(v));
  try {
    const s = JSON.stringify(v, (_k, x: unknown) => (typeof x === "number" && !Number.isFinite(x) ? String(x) : x));
    return s === undefined ? clip(String(v)) : clip(s);
  } catch {
    return clip(String(v));
  }
}

export function formatIssue(i: SpecIssue): string {
  const lines = [`${i.severity === "error" ? "error" : "warning"} ${i.code} at ${i.path}: ${i.message}`];
  if (i.received !== undefined) lines.push(`  received: ${i.received}`);
  if (i.allowed !== undefined) lines.push(`  allowed:  ${i.allowed}`);
  if (i.fix !== undefined) lines.push(`  fix:      ${i.fix}`);
  if (i.acknowledged !== undefined) lines.push(`  acknowledged: ${i.acknowledged}`);
  return lines.join("\n");
}

/**
 * Issues for a terminal: errors and open warnings in full; acknowledged warnings, which the user already answered,
 * as one brief line (in full with verbose), so they do not fill every command's output.
 */
export function formatIssues(issues: readonly SpecIssue[], verbose = false): string[] {
  const acked = issues.filter((i) => i.acknowledged !== undefined);
  const open = issues.filter((i) => i.acknowledged === undefined);
  const out = open.map(formatIssue);
  if (verbose) out.push(...acked.map(formatIssue));
  else if (acked.length > 0)
    out.push(`acknowledged in the spec: ${acked.map((i) => i.code).join(", ")} (--verbose shows them)`);
  return out;
}
