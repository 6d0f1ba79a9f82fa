// Maps zod's schema issues to SpecIssues with stable codes, the value received and a fix.
import type { z } from "zod";
import { formatPath, issue, type SpecIssue, show } from "./issue.ts";

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const p of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[p];
  }
  return cur;
}

export function fromZod(error: z.ZodError, input: unknown): SpecIssue[] {
  const out: SpecIssue[] = [];
  for (const zi of error.issues) out.push(...mapOne(zi, input));
  return out;
}

function mapOne(zi: z.core.$ZodIssue, input: unknown): SpecIssue[] {
  const path = zi.path;
  const received = valueAt(input, path);
  switch (zi.code) {
    case "unrecognized_keys":
      return zi.keys.map((k) =>
        issue("spec.unknown-field", [...path, k], `unknown field "${k}"`, {
          received: valueAt(input, [...path, k]),
          fix: `remove "${k}" or check its spelling against the schema (moonlab schema)`,
        }),
      );
    case "invalid_type":
      return [
        issue("spec.invalid-type", path, received === undefined ? "required field is missing" : zi.message, {
          received: received === undefined ? "nothing" : received,
          allowed: zi.expected,
          fix: received === undefined ? `add ${formatPath(path)}` : `set ${formatPath(path)} to a ${zi.expected}`,
        }),
      ];
    case "invalid_value":
      return [
        issue("spec.invalid-value", path, zi.message, {
          received,
          allowed: zi.values.map((v) => show(v)).join(", "),
          fix: `use one of ${zi.values.map((v) => show(v)).join(", ")}`,
        }),
      ];
    case "invalid_union": {
      // Pick the branch the input was meant for (the one that did not fail on the type at the union itself), so a
      // node list reports `nodes[1].mac` instead of "matches no form".
      const branch = zi.errors.find((b) => !b.some((x) => x.code === "invalid_type" && x.path.length === 0));
      if (branch && branch.length > 0)
        return branch.flatMap((x) => mapOne({ ...x, path: [...path, ...x.path] } as z.core.$ZodIssue, input));
      return [
        issue("spec.invalid-shape", path, "does not match any allowed form", {
          received,
          allowed: "see moonlab schema",
          fix: "for nodes use either a list of nodes or counts {gateway, compute, controlPlanes, instanceType}",
        }),
      ];
    }
    case "too_small":
    case "too_big":
      return [
        issue(`spec.${zi.code.replace("_", "-")}`, path, zi.message, {
          received,
          allowed: `${zi.code === "too_small" ? "minimum" : "maximum"} ${String(zi.code === "too_small" ? zi.minimum : zi.maximum)}`,
          fix: `change ${formatPath(path)} to fit the ${zi.code === "too_small" ? "minimum" : "maximum"}`,
        }),
      ];
    case "invalid_format":
      return [
        issue("spec.invalid-format", path, zi.message, {
          received,
          allowed: zi.format === "regex" ? zi.message : zi.format,
          fix: `write ${formatPath(path)} as ${zi.message.replace(/^Invalid string: /, "")}`,
        }),
      ];
    default:
      return [issue(`spec.${zi.code.replace(/_/g, "-")}`, path, zi.message, { received })];
  }
}
