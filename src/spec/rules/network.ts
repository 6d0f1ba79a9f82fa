// CIDRs are canonical, the lab subnet sits inside the site/VPC CIDR, and AWS size limits hold.
import { cidrInside, cidrToString, isCanonicalCidr, parseCidr } from "../../lib/ipv4.ts";
import { cidrIssue } from "../field-formats.ts";
import { issue, type SpecIssue } from "../issue.ts";
import type { Rule } from "./rule.ts";

export const networkRule: Rule = (spec) => {
  const out: SpecIssue[] = [];
  const check = (field: "cidr" | "subnet") => {
    const text = spec.network[field];
    const c = parseCidr(text);
    if (!c) {
      out.push(cidrIssue(`network.${field}`, text) as SpecIssue);
      return undefined;
    }
    if (!isCanonicalCidr(text)) {
      out.push(
        issue("network.cidr-not-canonical", `network.${field}`, "host bits are set in the CIDR block", {
          received: text,
          allowed: cidrToString(c),
          fix: `write ${cidrToString(c)}`,
        }),
      );
    }
    return c;
  };
  const cidr = check("cidr");
  const subnet = check("subnet");
  if (cidr && subnet && !cidrInside(subnet, cidr)) {
    out.push(
      issue("network.subnet-outside-cidr", "network.subnet", `the lab subnet is not inside ${spec.network.cidr}`, {
        received: spec.network.subnet,
        allowed: `a block inside ${spec.network.cidr}`,
        fix: "choose a subnet inside network.cidr or widen network.cidr",
      }),
    );
  }
  if (spec.target === "aws") {
    if (cidr && (cidr.prefix < 16 || cidr.prefix > 28))
      out.push(
        issue("network.vpc-size", "network.cidr", "an AWS VPC CIDR must be between /16 and /28", {
          received: spec.network.cidr,
          allowed: "/16 to /28",
          fix: "use a prefix length between 16 and 28",
        }),
      );
    if (subnet && subnet.prefix > 28)
      out.push(
        issue("network.subnet-size", "network.subnet", "an AWS subnet must be /28 or larger", {
          received: spec.network.subnet,
          allowed: "/16 to /28",
          fix: "use a prefix length of at most 28",
        }),
      );
  }
  return out;
};
