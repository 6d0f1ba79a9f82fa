// Serializers for the formats the bastion bundle writes that the `yaml` package does not cover: JSON with sorted
// keys, shell words, systemd unit files and dnsmasq's key=value lines. Typed values in, stable bytes out; a value
// that could start a new line (a new directive) is refused, whatever validation let through (line-safe.ts).
import { oneLine } from "../line-safe.ts";

/** JSON with keys sorted at every level, 2-space indent, trailing newline (byte-stable). */
export function sortedJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === "object")
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    );
  return v;
}

/** One POSIX shell word: bare when safe, else single-quoted; never a line break (a quoted one still adds a line). */
export function shellWord(s: string): string {
  oneLine(s, "a shell word");
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'"'"'`)}'`;
}

export const shellWords = (words: readonly string[]): string => words.map(shellWord).join(" ");

/** One word of a systemd command line: `%` and `$` escaped, quoted when it has spaces or quotes. */
export function systemdWord(s: string): string {
  oneLine(s, "a systemd command word");
  const escaped = s.replace(/%/g, "%%").replace(/\$/g, "$$$$");
  if (/^[A-Za-z0-9_@+=:,./-]+$/.test(escaped)) return escaped;
  return `"${escaped.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

export type UnitSection = readonly (readonly [string, string])[];

export interface UnitFile {
  readonly Unit: UnitSection;
  readonly Service: UnitSection;
  readonly Install: UnitSection;
}

export function unitText(u: UnitFile): string {
  const out: string[] = [];
  for (const name of ["Unit", "Service", "Install"] as const) {
    if (out.length > 0) out.push("");
    out.push(`[${name}]`);
    for (const [k, v] of u[name]) out.push(`${oneLine(k, "a unit file key")}=${oneLine(v, `unit file ${k}`)}`);
  }
  return `${out.join("\n")}\n`;
}

/** dnsmasq config: one option per line (`key` or `key=value`), comments kept as `# ...` lines. */
export type DnsmasqLine = { readonly comment: string } | { readonly key: string; readonly value?: string };

export function dnsmasqText(lines: readonly DnsmasqLine[]): string {
  const line = (l: DnsmasqLine): string => {
    if ("comment" in l) return `# ${oneLine(l.comment, "a dnsmasq comment")}`;
    const key = oneLine(l.key, "a dnsmasq option");
    return l.value === undefined ? key : `${key}=${oneLine(l.value, `dnsmasq ${key}`)}`;
  };
  return `${lines.map(line).join("\n")}\n`;
}
