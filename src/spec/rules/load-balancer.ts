// MetalLB's L2 pool: home/local only (ARP is emulated in a VPC), inside the subnet, clear of DHCP and statics.
import { contains, ipToInt, isIpv4, parseCidr } from "../../lib/ipv4.ts";
import { issue, type SpecIssue } from "../issue.ts";
import { resolveNodes } from "../nodes.ts";
import type { Rule } from "./rule.ts";

export const loadBalancerRule: Rule = (spec) => {
  const out: SpecIssue[] = [];
  const pool = spec.network.loadBalancerPool;
  if (!pool) return out;
  if (spec.target === "aws") {
    out.push(
      issue("lb.pool-on-aws", "network.loadBalancerPool", "MetalLB L2 does not work in a VPC (ARP is emulated)", {
        fix: "remove network.loadBalancerPool; on AWS services are reached through the bastion",
      }),
    );
    return out;
  }
  if (!isIpv4(pool.start) || !isIpv4(pool.end)) {
    out.push(
      issue("lb.pool-invalid", "network.loadBalancerPool", "pool start and end must be IPv4 addresses", {
        received: pool,
      }),
    );
    return out;
  }
  const lo = ipToInt(pool.start);
  const hi = ipToInt(pool.end);
  const subnet = parseCidr(spec.network.subnet);
  if (lo > hi)
    out.push(issue("lb.pool-reversed", "network.loadBalancerPool", "start is after end", { received: pool }));
  if (subnet && (!contains(subnet, lo) || !contains(subnet, hi)))
    out.push(
      issue(
        "lb.pool-outside-subnet",
        "network.loadBalancerPool",
        `the pool leaves the lab subnet ${spec.network.subnet}`,
        {
          received: `${pool.start} - ${pool.end}`,
          fix: "choose a pool inside the lab subnet",
        },
      ),
    );
  const r = spec.network.dhcp?.range;
  if (r && isIpv4(r.start) && isIpv4(r.end) && lo <= ipToInt(r.end) && ipToInt(r.start) <= hi)
    out.push(
      issue(
        "lb.pool-overlaps-dhcp",
        "network.loadBalancerPool",
        `the pool overlaps the DHCP range ${r.start} - ${r.end}`,
        {
          received: `${pool.start} - ${pool.end}`,
          fix: "move the pool or shrink the DHCP range so they do not overlap",
        },
      ),
    );
  const statics = [spec.bastion.address, ...(spec.network.gateway ? [spec.network.gateway] : [])];
  for (const n of resolveNodes(spec)) statics.push(n.address);
  for (const a of statics)
    if (isIpv4(a) && ipToInt(a) >= lo && ipToInt(a) <= hi)
      out.push(
        issue("lb.pool-overlaps-static", "network.loadBalancerPool", `the pool contains the static address ${a}`, {
          received: `${pool.start} - ${pool.end}`,
          fix: "move the pool away from the bastion, gateway and node addresses",
        }),
      );
  return out;
};
