import { contains, ipToInt, isIpv4, parseCidr } from "../../lib/ipv4.ts";
import { parseDnsmasq } from "../../render/bastion/dnsmasq.ts";
import { HOST, TREE } from "../../render/bastion/layout.ts";
import { defineCheck, pass, verdict } from "../check.ts";
import { withPort } from "../need-port.ts";

export default defineCheck(import.meta.url, {
  test: "T03",
  title: "dnsmasq's DHCP range lies inside the lab subnet and clear of every static address",
  given: "a plan whose target owns its L2 segment (home, local) with full DHCP or proxy-DHCP",
  when: "the bundle is rendered (plan) or the bastion runs (live)",
  then:
    "full DHCP: the dynamic range is inside the subnet, holds no static address (bastion, gateway, nodes) and each " +
    "node has a static lease for its MAC; proxy-DHCP: the range is the subnet in proxy mode; AWS: no dnsmasq at all; " +
    "live, the bastion's dnsmasq.conf has the same range",
  why: "A static address inside the dynamic range is eventually leased to someone else; DHCP on AWS never reaches instances.",
  plan: ({ plan, artifacts }) => {
    const mode = plan.network.dhcp.mode;
    if (mode === "off")
      return artifacts.has(TREE.dnsmasq)
        ? verdict([`DHCP is off but ${TREE.dnsmasq} was rendered`], [])
        : pass(`DHCP is off on target ${plan.target}: no dnsmasq config rendered (the VPC owns DHCP)`);
    const conf = parseDnsmasq(artifacts.text(TREE.dnsmasq));
    const subnet = parseCidr(plan.network.subnet);
    if (!subnet) return verdict([`subnet ${plan.network.subnet} does not parse`], []);
    const ranges = conf.filter((l) => l.key === "dhcp-range" && !l.value.startsWith("::"));
    const problems: string[] = [];
    const ok: string[] = [];
    if (ranges.length !== 1) problems.push(`want one IPv4 dhcp-range, found ${ranges.length}`);
    const fields = (ranges[0]?.value ?? "").split(",").filter((f) => !f.startsWith("set:"));
    if (mode === "proxy") {
      if (fields[1] !== "proxy" || !isIpv4(fields[0] ?? "") || !contains(subnet, ipToInt(fields[0] ?? "")))
        problems.push(`proxy mode needs dhcp-range=<subnet>,proxy; found ${ranges[0]?.value}`);
      else ok.push(`proxy-DHCP on ${plan.network.subnet}`);
      return verdict(problems, ok);
    }
    const [start = "", end = ""] = fields;
    if (!isIpv4(start) || !isIpv4(end)) return verdict([`dhcp-range ${ranges[0]?.value} has no start,end`], []);
    const lo = ipToInt(start);
    const hi = ipToInt(end);
    if (!contains(subnet, lo) || !contains(subnet, hi))
      problems.push(`range ${start}-${end} leaves ${plan.network.subnet}`);
    if (lo > hi) problems.push(`range ${start}-${end} is reversed`);
    const statics = [
      { name: plan.bastion.name, address: plan.bastion.address },
      { name: "gateway", address: plan.network.gateway },
      ...plan.nodes.map((n) => ({ name: n.name, address: n.address })),
    ];
    for (const s of statics) {
      const ip = ipToInt(s.address);
      if (ip >= lo && ip <= hi) problems.push(`${s.name} ${s.address} is inside the range ${start}-${end}`);
    }
    const hosts = conf.filter((l) => l.key === "dhcp-host").map((l) => l.value.split(","));
    for (const n of plan.nodes) {
      const h = hosts.find((x) => x[0] === n.mac);
      if (!h) problems.push(`no static lease for ${n.name} (${n.mac})`);
      else if (h[1] !== n.address) problems.push(`${n.name} (${n.mac}) leases ${h[1]}, want ${n.address}`);
    }
    ok.push(`range ${start}-${end} inside ${plan.network.subnet}, clear of ${statics.length} static addresses`);
    ok.push(`${plan.nodes.length} static leases by MAC`);
    return verdict(problems, ok);
  },
  live: (t) =>
    withPort(t, "bastion", async (bastion) => {
      const { plan } = t;
      if (plan.network.dhcp.mode === "off") return pass(`DHCP is off on target ${plan.target}`);
      const path = `${HOST.etc}/dnsmasq.conf`;
      const text = await bastion.readFile(path);
      if (text === undefined) return verdict([`${path} does not exist on the bastion`], []);
      const r = plan.network.dhcp.range;
      const want = plan.network.dhcp.mode === "full" && r ? `${r.start},${r.end}` : ",proxy";
      const line = parseDnsmasq(text).find((l) => l.key === "dhcp-range" && l.value.includes(want));
      return verdict(line ? [] : [`${path} has no dhcp-range with ${want}`], [`${path}: dhcp-range=${line?.value}`]);
    }),
});
