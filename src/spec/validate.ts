// Spec validation: YAML syntax, then the schema, then every semantic rule; all problems at once, never a throw.
import { rawFormatIssues } from "./field-formats.ts";
import { issue, type SpecIssue } from "./issue.ts";
import { notApplicableIssues, unusedAcknowledgements } from "./not-applicable.ts";
import { parseSpecYaml } from "./parse-yaml.ts";
import { RULES } from "./rules/all.ts";
import { type Spec, SpecSchema } from "./schema.ts";
import { fromZod } from "./zod-issues.ts";

export type Validation =
  | { readonly ok: true; readonly spec: Spec; readonly issues: readonly SpecIssue[] }
  | { readonly ok: false; readonly issues: readonly SpecIssue[] };

/** Warnings with these codes block unless the spec acknowledges them with a reason. */
const NEEDS_ACK = new Set(["cozystack.arm64-experimental", "cozystack.below-minimum-resources"]);

export function validateYaml(text: string, source = "lab.yaml"): Validation {
  const parsed = parseSpecYaml(text, source);
  if (!parsed.ok) return { ok: false, issues: parsed.issues };
  return validateObject(parsed.value);
}

export function validateObject(input: unknown): Validation {
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    return {
      ok: false,
      issues: [
        issue("spec.not-a-mapping", "(root)", "the spec must be a YAML mapping", {
          received: input,
          fix: "start from moonlab init",
        }),
      ],
    };
  }
  const parsed = SpecSchema.safeParse(input);
  if (!parsed.success) {
    const schemaIssues = fromZod(parsed.error, input);
    const reported = new Set(schemaIssues.map((i) => i.path));
    return { ok: false, issues: dedupe([...schemaIssues, ...rawFormatIssues(input, reported)]) };
  }
  const spec = parsed.data;
  const found: SpecIssue[] = [];
  for (const rule of RULES) {
    try {
      found.push(...rule(spec));
    } catch (e) {
      // A rule must never crash validation; report it as an issue so the user still sees the others.
      found.push(issue("internal.rule-failed", "(root)", `a validation rule failed: ${(e as Error).message}`));
    }
  }
  found.push(...notApplicableIssues(input, spec));
  found.push(...unusedAcknowledgements(spec, found));
  const acks = new Map(spec.acknowledgements.map((a) => [a.id, a.reason]));
  const issues = dedupe(found).map((i): SpecIssue => {
    const reason = acks.get(i.code);
    if (i.severity === "warning" && reason !== undefined) return { ...i, acknowledged: reason };
    if (i.severity === "warning" && NEEDS_ACK.has(i.code))
      return { ...i, severity: "error", message: `${i.message} (needs an acknowledgement)` };
    return i;
  });
  if (issues.some((i) => i.severity === "error")) return { ok: false, issues };
  return { ok: true, spec, issues };
}

function dedupe(list: SpecIssue[]): SpecIssue[] {
  const seen = new Set<string>();
  return list.filter((i) => {
    const k = `${i.code}|${i.path}|${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
