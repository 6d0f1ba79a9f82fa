// DHCP belongs to the VPC on AWS; elsewhere a dynamic range must sit inside the subnet and clear of static addresses.
import { contains, ipToInt, isIpv4, parseCidr } from "../../lib/ipv4.ts";
import { issue, type SpecIssue } from "../issue.ts";
import { nodePath, resolveNodes } from "../nodes.ts";
import type { Rule } from "./rule.ts";

export const dhcpRule: Rule = (spec) => {
  const out: SpecIssue[] = [];
  const dhcp = spec.network.dhcp;
  if (!dhcp) return out;
  if (spec.target === "aws" && dhcp.mode !== "off") {
    out.push(
      issue("dhcp.aws", "network.dhcp.mode", "the VPC owns DHCP on AWS; a bastion's DHCP never reaches instances", {
        received: dhcp.mode,
        allowed: '"off"',
        fix: "remove network.dhcp or set mode: off",
      }),
    );
  }
  if (dhcp.mode === "full" && !dhcp.range) {
    out.push(
      issue("dhcp.range-missing", "network.dhcp.range", "full DHCP needs a dynamic range", {
        fix: "add network.dhcp.range {start, end} inside the subnet",
      }),
    );
  }
  const r = dhcp.range;
  if (!r) return out;
  const subnet = parseCidr(spec.network.subnet);
  for (const f of ["start", "end"] as const) {
    if (!isIpv4(r[f]))
      out.push(issue("dhcp.range-invalid", `network.dhcp.range.${f}`, "not an IPv4 address", { received: r[f] }));
    else if (subnet && !contains(subnet, ipToInt(r[f])))
      out.push(
        issue("dhcp.range-outside-subnet", `network.dhcp.range.${f}`, "the DHCP range leaves the lab subnet", {
          received: r[f],
          allowed: `inside ${spec.network.subnet}`,
          fix: "move the range inside the lab subnet",
        }),
      );
  }
  if (!isIpv4(r.start) || !isIpv4(r.end)) return out;
  const lo = ipToInt(r.start);
  const hi = ipToInt(r.end);
  if (lo > hi) {
    out.push(
      issue("dhcp.range-reversed", "network.dhcp.range", "start is after end", {
        received: `${r.start} - ${r.end}`,
        fix: "swap start and end",
      }),
    );
    return out;
  }
  const statics: [string, string][] = [["bastion.address", spec.bastion.address]];
  if (spec.network.gateway) statics.push(["network.gateway", spec.network.gateway]);
  for (const n of resolveNodes(spec))
    statics.push([n.specIndex === undefined ? `nodes (${n.name})` : nodePath(n, "address"), n.address]);
  for (const [path, addr] of statics) {
    if (!isIpv4(addr)) continue;
    const ip = ipToInt(addr);
    if (ip >= lo && ip <= hi)
      out.push(
        issue("dhcp.static-in-range", path, `static address inside the DHCP range ${r.start} - ${r.end}`, {
          received: addr,
          allowed: `outside ${r.start} - ${r.end}`,
          fix: "move the address out of the range or shrink network.dhcp.range",
        }),
      );
  }
  return out;
};
