// Fields a spec sets that its target ignores, and acknowledgements that match nothing: warnings with stable codes,
// so a home lab's `region` or `bastion.schedule` is not accepted in silence. Read from the raw input, because the
// schema fills defaults (region, ssm, schedule) that a user never wrote.
import { issue, type SpecIssue } from "./issue.ts";
import type { Spec } from "./schema.ts";

/** AWS-only fields: what they do there, named in the warning. */
const AWS_ONLY: readonly (readonly [path: string, what: string])[] = [
  ["region", "the AWS region"],
  ["bastion.instanceType", "the bastion's EC2 instance type"],
  ["bastion.publicIpv4", "a public IPv4 address on the bastion's ENI"],
  ["bastion.ssm", "AWS SSM Session Manager access"],
  ["bastion.schedule", "the Auto Scaling schedule that wakes and sleeps the lab"],
  ["budget", "the AWS Budgets limits and the wake budget guard"],
];
const AWS_ONLY_NODE: readonly (readonly [field: string, what: string])[] = [
  ["instanceType", "the node's EC2 instance type"],
  ["purchase", "the EC2 purchase option (on-demand or spot)"],
];

type Raw = Record<string, unknown>;
const has = (o: unknown, key: string): boolean =>
  o !== null && typeof o === "object" && !Array.isArray(o) && Object.hasOwn(o as Raw, key);
const at = (root: unknown, path: string): { present: boolean } => {
  let cur: unknown = root;
  for (const k of path.split(".")) {
    if (!has(cur, k)) return { present: false };
    cur = (cur as Raw)[k];
  }
  return { present: true };
};

export function notApplicableIssues(input: unknown, spec: Spec): SpecIssue[] {
  if (spec.target === "aws") return [];
  const out: SpecIssue[] = [];
  const warn = (path: string, what: string) =>
    out.push(
      issue("target.field-not-applicable", path, `${path} sets ${what}, which target ${spec.target} does not use`, {
        severity: "warning",
        fix: `remove ${path} (it applies to target aws only)`,
      }),
    );
  for (const [path, what] of AWS_ONLY) if (at(input, path).present) warn(path, what);
  const nodes = (input as Raw).nodes;
  if (Array.isArray(nodes))
    nodes.forEach((n, i) => {
      for (const [field, what] of AWS_ONLY_NODE) if (has(n, field)) warn(`nodes[${i}].${field}`, what);
    });
  return out;
}

/** Validation codes look like `cozystack.arm64-experimental`; other ids (a check's t09/..., a scanner's
 * checkov:CKV_AWS_88) are matched later by the suite or the scanners, not by validation. */
const VALIDATION_CODE = /^[a-z0-9-]+\.[a-z0-9.-]+$/;

export function unusedAcknowledgements(spec: Spec, found: readonly SpecIssue[]): SpecIssue[] {
  const codes = new Set(found.map((i) => i.code));
  return spec.acknowledgements.flatMap((a, i) =>
    !VALIDATION_CODE.test(a.id) || codes.has(a.id)
      ? []
      : [
          issue("acknowledgement.unused", `acknowledgements[${i}]`, `acknowledgement ${a.id} matches no finding`, {
            received: a.id,
            severity: "warning",
            fix: "remove it, or correct the id to the code of the warning (moonlab validate prints codes) or a check id",
          }),
        ],
  );
}
