// nftables rules that keep the bastion's services to the lab subnet: machine configs (matchbox), DNS, TFTP and the
// registries are dropped from any other IPv4 source and from IPv6 (they are reached over the lab's IPv4 only).
// DHCP ports are left alone: DHCP clients have no address yet and DHCP never crosses a router. On AWS the security
// group says the same (T09); this is the second fence, and the only one at home.
// With plan.bastion.nat (AWS) the bastion is also the nodes' IPv4 NAT instance: the forward chain lets the lab subnet
// out and only the answers back in (nothing from outside opens a connection into the subnet), and the postrouting
// chain masquerades the lab subnet behind the outgoing interface's address (the primary ENI, whose public IPv4 the
// internet gateway maps). The forward policy stays accept so Docker's own bridge forwarding keeps working.
import type { Plan } from "../../plan/types.ts";
import type { BastionService } from "./services.ts";

const DHCP_PORTS = new Set([67, 68, 4011]);

export function firewallRules(plan: Plan, services: readonly BastionService[]): string {
  const ports = (proto: "tcp" | "udp") =>
    [
      ...new Set(
        services.flatMap((s) => s.listens.filter((l) => l.protocol === proto && !DHCP_PORTS.has(l.port))),
      ).values(),
    ]
      .map((l) => l.port)
      .filter((p, i, a) => a.indexOf(p) === i)
      .sort((a, b) => a - b);
  const tcp = ports("tcp").join(", ");
  const udp = ports("udp").join(", ");
  const lines = [
    "table inet moonlab",
    "delete table inet moonlab",
    "table inet moonlab {",
    "  chain input {",
    "    type filter hook input priority filter - 10; policy accept;",
    '    iif "lo" accept',
    ...(tcp ? [`    meta l4proto tcp th dport { ${tcp} } ip saddr != ${plan.network.subnet} drop`] : []),
    ...(udp ? [`    meta l4proto udp th dport { ${udp} } ip saddr != ${plan.network.subnet} drop`] : []),
    ...(tcp ? [`    meta nfproto ipv6 meta l4proto tcp th dport { ${tcp} } drop`] : []),
    ...(udp ? [`    meta nfproto ipv6 meta l4proto udp th dport { ${udp} } drop`] : []),
    "  }",
    ...(plan.bastion.nat ? natChains(plan.network.subnet) : []),
    "}",
  ];
  return `#!/usr/sbin/nft -f\n${lines.join("\n")}\n`;
}

/** The NAT instance's chains (inside `table inet moonlab`): forward lab -> out and answers back, masquerade. */
export function natChains(subnet: string): string[] {
  return [
    "  chain forward {",
    "    type filter hook forward priority filter - 10; policy accept;",
    "    ct state established,related accept",
    "    ct state invalid drop",
    `    ip saddr ${subnet} ip daddr != ${subnet} accept`,
    `    ip daddr ${subnet} drop`,
    "  }",
    "  chain postrouting {",
    "    type nat hook postrouting priority srcnat; policy accept;",
    `    ip saddr ${subnet} ip daddr != ${subnet} masquerade`,
    "  }",
  ];
}

/** sysctl.d file of the NAT instance: IPv4 forwarding, loose reverse-path filtering (two ENIs in one subnet). */
export function natSysctl(): string {
  return ["net.ipv4.ip_forward = 1", "net.ipv4.conf.all.rp_filter = 2", "net.ipv4.conf.default.rp_filter = 2", ""].join(
    "\n",
  );
}
