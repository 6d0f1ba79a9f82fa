// Acknowledgements must name something that can be acknowledged: a validation warning code, a check id, or a
// static-analysis finding (checkov:CKV_...), or an image gap that `moonlab images` names. An acknowledgement of a typo silently acknowledges nothing.
// Whether a check id exists in the suite is verified one floor up (src/app/acknowledgements.ts): the suite lives
// above the spec.
import { issue, type SpecIssue } from "../issue.ts";
import type { Rule } from "./rule.ts";

/** The validation warnings a spec may acknowledge. */
export const ACKNOWLEDGEABLE_CODES: readonly string[] = [
  "cozystack.arm64-experimental",
  "cozystack.below-minimum-resources",
];
/** A check id: t01..t12 / c01..c03 and a kebab-case name. */
export const CHECK_ID = /^[tc]\d\d\/[a-z0-9]+(-[a-z0-9]+)*$/;
/** A checkov finding as the static-analysis test names it. */
const CHECKOV_ID = /^checkov:CKV2?_[A-Z0-9]+_\d+$/;
/** An image gap as `moonlab images` names it: image.no-arm64:<registry>/<repository> (or image.unverified:...). */
const IMAGE_GAP_ID = /^image\.(no-[a-z0-9]+|unverified):[a-z0-9.-]+(:\d+)?\/[a-z0-9._/-]+$/;

export const acknowledgementsRule: Rule = (spec) => {
  const out: SpecIssue[] = [];
  spec.acknowledgements.forEach((a, i) => {
    if (ACKNOWLEDGEABLE_CODES.includes(a.id) || CHECK_ID.test(a.id) || CHECKOV_ID.test(a.id) || IMAGE_GAP_ID.test(a.id))
      return;
    out.push(
      issue("acknowledgement.unknown-id", ["acknowledgements", i, "id"], "acknowledges nothing moonlab reports", {
        received: a.id,
        allowed: `${ACKNOWLEDGEABLE_CODES.join(", ")}, a check id (moonlab explain), checkov:CKV_..., or an image gap id from moonlab images (image.no-arm64:<registry>/<repository>)`,
        fix: "copy the id from the warning or the failed check",
      }),
    );
  });
  return out;
};
