// Deterministic JSON: keys sorted at every level, two-space indent, trailing newline.
export function sortedJson(value: unknown): string {
  return `${JSON.stringify(sortDeep(value), null, 2)}\n`;
}

/**
 * The same without indentation: the template body CloudFormation takes is at most 51,200 bytes, and indentation
 * was 45% of it (`jq . aws/template.json` shows it readable).
 */
export function compactSortedJson(value: unknown): string {
  return `${JSON.stringify(sortDeep(value))}\n`;
}

function sortDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (v !== null && typeof v === "object") {
    const o = v as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(o)
        .sort()
        .map((k) => [k, sortDeep(o[k])]),
    );
  }
  return v;
}
