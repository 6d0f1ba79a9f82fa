// An acknowledgement naming a check id must name a check of the suite: the spec floor only knows the id's shape
// (src/spec/rules/acknowledgements.ts); the suite is known here. A typo would otherwise acknowledge nothing.
import { SUITE } from "../checks/suite.ts";
import { SpecInvalidError } from "../errors.ts";
import { issue, type SpecIssue } from "../spec/issue.ts";
import { CHECK_ID } from "../spec/rules/acknowledgements.ts";
import type { Validation } from "../spec/validate.ts";

export function unknownCheckAcknowledgements(
  acknowledgements: readonly { readonly id: string }[],
  suite: readonly string[] = SUITE,
): SpecIssue[] {
  const known = new Set(suite);
  const out: SpecIssue[] = [];
  acknowledgements.forEach((a, i) => {
    if (!CHECK_ID.test(a.id) || known.has(a.id)) return;
    out.push(
      issue("acknowledgement.unknown-check", ["acknowledgements", i, "id"], "no check of the suite has this id", {
        received: a.id,
        allowed: "an id `moonlab explain` lists",
        fix: "copy the id from the failed check, or remove the acknowledgement",
      }),
    );
  });
  return out;
}

/** Throws SpecInvalidError (exit 2, nothing written) when an acknowledgement names a check that does not exist. */
export function assertAcknowledgedChecksExist(
  source: string,
  acknowledgements: Readonly<Record<string, string>> | readonly { readonly id: string }[],
): void {
  const list = Array.isArray(acknowledgements)
    ? (acknowledgements as readonly { readonly id: string }[])
    : Object.keys(acknowledgements).map((id) => ({ id }));
  const issues = unknownCheckAcknowledgements(list);
  if (issues.length > 0) throw new SpecInvalidError(source, issues);
}

/** A validation with the acknowledgements of unknown checks added (what `moonlab validate` reports). */
export function withKnownChecks(v: Validation): Validation {
  if (!v.ok) return v;
  const extra = unknownCheckAcknowledgements(v.spec.acknowledgements);
  return extra.length === 0 ? v : { ok: false, issues: [...v.issues, ...extra] };
}
