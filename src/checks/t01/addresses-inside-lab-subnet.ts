import { broadcast, contains, ipToInt, isIpv4, parseCidr } from "../../lib/ipv4.ts";
import { defineCheck, fail, verdict } from "../check.ts";

export default defineCheck(import.meta.url, {
  test: "T01",
  title: "Every fixed address lies inside the lab subnet and is not reserved",
  given: "a plan with a lab subnet, a bastion address and node addresses",
  when: "the plan is resolved",
  then: "the bastion and every node have an address inside the subnet that the subnet does not reserve",
  why:
    "An address outside the subnet cannot be attached to an ENI, and AWS reserves the first four and the last address " +
    "of every subnet; the original plan mixed three different networks.",
  plan: ({ plan }) => {
    const subnet = parseCidr(plan.network.subnet);
    if (!subnet) return fail(`lab subnet ${plan.network.subnet} does not parse`);
    const reserved = new Set(plan.network.reserved);
    const hosts = [
      { name: plan.bastion.name, address: plan.bastion.address },
      ...plan.nodes.map((n) => ({ name: n.name, address: n.address })),
    ];
    const problems: string[] = [];
    for (const h of hosts) {
      if (!isIpv4(h.address)) problems.push(`${h.name}: ${h.address} is not an IPv4 address`);
      else if (!contains(subnet, ipToInt(h.address)))
        problems.push(`${h.name}: ${h.address} is outside ${plan.network.subnet}`);
      else if (reserved.has(h.address)) problems.push(`${h.name}: ${h.address} is reserved in ${plan.network.subnet}`);
      else if (ipToInt(h.address) === broadcast(subnet))
        problems.push(`${h.name}: ${h.address} is the broadcast address`);
    }
    return verdict(
      problems,
      hosts.map((h) => `${h.name} ${h.address} in ${plan.network.subnet}`),
    );
  },
});
