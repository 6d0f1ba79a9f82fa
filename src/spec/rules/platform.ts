// Region and architecture: instance types must match the arch (Graviton types carry a "g"), and CozyStack on arm64
// is upstream-experimental, so it needs a written acknowledgement.
import { issue, type SpecIssue } from "../issue.ts";
import { resolveNodes } from "../nodes.ts";
import type { Spec } from "../schema.ts";
import type { Rule } from "./rule.ts";

/** Graviton families have a "g" after the generation digit: t4g, m7g, c7gn, r8g, m7gd. */
export function isGraviton(instanceType: string): boolean {
  return /^[a-z]+\d+[a-z]*g[a-z]*\./.test(instanceType) && !/^g\d/.test(instanceType);
}

export const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;

function archIssues(spec: Spec, path: string, type: string): SpecIssue[] {
  if (!INSTANCE_TYPE.test(type))
    return [
      issue("aws.instance-type-invalid", path, "not an EC2 instance type", {
        received: type,
        allowed: "family.size, e.g. t4g.small",
      }),
    ];
  const grav = isGraviton(type);
  if (spec.arch === "arm64" && !grav)
    return [
      issue("aws.instance-arch", path, "arch is arm64 but the instance type is not Graviton", {
        received: type,
        allowed: "a Graviton type (t4g, m7g, c7g, r8g, ...)",
        fix: "use a Graviton type, or set arch: amd64",
      }),
    ];
  if (spec.arch === "amd64" && grav)
    return [
      issue("aws.instance-arch", path, "arch is amd64 but the instance type is Graviton (arm64)", { received: type }),
    ];
  return [];
}

export const platformRule: Rule = (spec) => {
  const out: SpecIssue[] = [];
  if (spec.target === "aws") {
    if (!/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(spec.region))
      out.push(
        issue("aws.region-invalid", "region", "not an AWS region name", {
          received: spec.region,
          allowed: "e.g. eu-west-1",
        }),
      );
    out.push(...archIssues(spec, "bastion.instanceType", spec.bastion.instanceType));
    for (const n of resolveNodes(spec))
      out.push(
        ...archIssues(
          spec,
          n.specIndex === undefined ? "nodes.instanceType" : `nodes[${n.specIndex}].instanceType`,
          n.instanceType,
        ),
      );
  }
  if (spec.arch === "arm64")
    out.push(
      issue(
        "cozystack.arm64-experimental",
        "arch",
        "CozyStack officially supports amd64 only; arm64 is experimental upstream (ARM epic cozystack#903). `moonlab images` lists each image without arm64 by id (image.no-arm64:<registry>/<repository>): acknowledge or substitute each; this acknowledgement covers the platform as a whole (support, untested paths), not missing images",
        {
          received: spec.arch,
          fix: "acknowledge it: acknowledgements: [{id: cozystack.arm64-experimental, reason: ...}], run `moonlab images` for the named image gaps, or use arch: amd64",
          severity: "warning",
        },
      ),
    );
  return out;
};
