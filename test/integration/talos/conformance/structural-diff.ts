// A structural diff of two multi-document Talos machine configs. Documents are matched by kind and name (the
// v1alpha1 document by its version), then compared field by field: a difference is a path (`v1alpha1:machine.
// features.kubePrism`), whether only one side has it or both differ, and both values. Lists are compared whole:
// Talos merges most of them by appending, so an element-wise diff would say less, not more. Hand-written because
// it is twenty lines and the libraries (jest-diff, deep-diff) print text or lose the document identity.
import { parseAllDocuments } from "yaml";

export type DifferenceKind = "only-ours" | "only-talos" | "changed";

export interface Difference {
  readonly path: string;
  readonly kind: DifferenceKind;
  readonly ours?: unknown;
  readonly talos?: unknown;
}

type Doc = Record<string, unknown>;

function docKey(d: Doc): string {
  if (typeof d.kind !== "string") return String(d.version ?? "?");
  return typeof d.name === "string" ? `${d.kind}/${d.name}` : d.kind;
}

export function parseConfig(yaml: string): Map<string, Doc> {
  const out = new Map<string, Doc>();
  for (const d of parseAllDocuments(yaml)) {
    const v = d.toJS() as Doc | null;
    if (v && typeof v === "object") out.set(docKey(v), v);
  }
  return out;
}

const isObject = (v: unknown): v is Doc => typeof v === "object" && v !== null && !Array.isArray(v);

function walk(path: string, ours: unknown, talos: unknown, out: Difference[]): void {
  if (isObject(ours) && isObject(talos)) {
    for (const k of [...new Set([...Object.keys(ours), ...Object.keys(talos)])].sort()) {
      walk(`${path}.${k}`, ours[k], talos[k], out);
    }
    return;
  }
  if (ours === undefined && talos === undefined) return;
  if (ours === undefined) out.push({ path, kind: "only-talos", talos });
  else if (talos === undefined) out.push({ path, kind: "only-ours", ours });
  else if (JSON.stringify(ours) !== JSON.stringify(talos)) out.push({ path, kind: "changed", ours, talos });
}

/** Every difference between our config and Talos's, sorted by path. */
export function structuralDiff(oursYaml: string, talosYaml: string): Difference[] {
  const ours = parseConfig(oursYaml);
  const talos = parseConfig(talosYaml);
  const out: Difference[] = [];
  for (const key of [...new Set([...ours.keys(), ...talos.keys()])].sort()) {
    const a = ours.get(key);
    const b = talos.get(key);
    if (a && b) {
      for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) walk(`${key}:${k}`, a[k], b[k], out);
    } else if (a) out.push({ path: `${key}:`, kind: "only-ours", ours: a });
    else out.push({ path: `${key}:`, kind: "only-talos", talos: b });
  }
  return out;
}
