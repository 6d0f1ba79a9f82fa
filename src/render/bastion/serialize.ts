// Serializers for the formats the bastion bundle writes that the `yaml` package does not cover: JSON with sorted
// keys, shell words, systemd unit files and dnsmasq's key=value lines. Typed values in, stable bytes out.

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

/** One POSIX shell word: bare when safe, else single-quoted. */
export function shellWord(s: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'"'"'`)}'`;
}

export const shellWords = (words: readonly string[]): string => words.map(shellWord).join(" ");

/** One word of a systemd command line: `%` and `$` escaped, quoted when it has spaces or quotes. */
export function systemdWord(s: string): string {
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
    for (const [k, v] of u[name]) out.push(`${k}=${v}`);
  }
  return `${out.join("\n")}\n`;
}

/** dnsmasq config: one option per line (`key` or `key=value`), comments kept as `# ...` lines. */
export type DnsmasqLine = { readonly comment: string } | { readonly key: string; readonly value?: string };

export function dnsmasqText(lines: readonly DnsmasqLine[]): string {
  return `${lines.map((l) => ("comment" in l ? `# ${l.comment}` : l.value === undefined ? l.key : `${l.key}=${l.value}`)).join("\n")}\n`;
}
