// Regions and instance types must be ones moonlab knows: the price table (src/lib/aws-instance-prices.ts, shared
// with the cost model) is the catalog. A name that only matches the pattern (eu-moon-9, t4g.huge) would otherwise
// pass validation and fail later in CloudFormation or in the cost estimate.
import { INSTANCE_PRICES } from "../../lib/aws-instance-prices.ts";
import { issue, type SpecIssue } from "../issue.ts";
import { resolveNodes } from "../nodes.ts";
import { INSTANCE_TYPE } from "./platform.ts";
import type { Rule } from "./rule.ts";

const REGION_PATTERN = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

export const awsCatalogRule: Rule = (spec) => {
  if (spec.target !== "aws") return [];
  const regions = Object.keys(INSTANCE_PRICES).sort();
  const table = INSTANCE_PRICES[spec.region];
  // A region that does not even match the pattern is reported by the platform rule.
  if (table === undefined)
    return REGION_PATTERN.test(spec.region)
      ? [
          issue("aws.region-unknown", "region", "a region moonlab has no prices or instance catalog for", {
            received: spec.region,
            allowed: regions.join(", "),
            fix: "use one of the listed regions (or add the region's prices to src/lib/aws-instance-prices.ts)",
          }),
        ]
      : [];
  const out: SpecIssue[] = [];
  const known = Object.keys(table).sort();
  const check = (path: string, type: string) => {
    if (!INSTANCE_TYPE.test(type) || type in table) return;
    out.push(
      issue("aws.instance-type-unknown", path, `no instance type ${type} in moonlab's catalog for ${spec.region}`, {
        received: type,
        allowed: known.join(", "),
        fix: "use one of the listed types (or add its price to src/lib/aws-instance-prices.ts)",
      }),
    );
  };
  check("bastion.instanceType", spec.bastion.instanceType);
  const seen = new Set<string>();
  for (const n of resolveNodes(spec)) {
    const path = n.specIndex === undefined ? "nodes.instanceType" : `nodes[${n.specIndex}].instanceType`;
    if (seen.has(path)) continue;
    seen.add(path);
    check(path, n.instanceType);
  }
  return out;
};
