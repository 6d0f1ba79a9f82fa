// The bastion as the nodes' IPv4 NAT instance (AWS only). Nodes have no public IPv4 and the VPC has no NAT gateway,
// so IPv4-only destinations (github.com, ghcr.io) are reached through the bastion: it must have a public IPv4 to
// masquerade behind. At home and locally the LAN's own router does this, so the field is refused there.
import { issue, type SpecIssue } from "../issue.ts";
import type { Rule } from "./rule.ts";

export const natRule: Rule = (spec) => {
  const out: SpecIssue[] = [];
  if (spec.target !== "aws") {
    if (spec.bastion.nat !== undefined)
      out.push(
        issue("bastion.nat-aws-only", "bastion.nat", `bastion.nat applies to target aws only, not ${spec.target}`, {
          received: String(spec.bastion.nat),
          allowed: "absent (the LAN's router gives the nodes IPv4 egress)",
          fix: "remove bastion.nat",
        }),
      );
    return out;
  }
  if ((spec.bastion.nat ?? true) && !spec.bastion.publicIpv4)
    out.push(
      issue(
        "bastion.nat-needs-public-ipv4",
        "bastion.publicIpv4",
        "the bastion is the nodes' NAT instance (bastion.nat, default true on aws) but has no public IPv4 to masquerade behind",
        {
          received: "false",
          allowed: "true while bastion.nat is on",
          fix: "set bastion.publicIpv4: true ($0.005/h while the bastion runs), or bastion.nat: false (nodes then reach IPv6 destinations and the bastion's caches only)",
        },
      ),
    );
  return out;
};
