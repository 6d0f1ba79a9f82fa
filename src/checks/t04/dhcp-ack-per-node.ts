import { findService, serviceLog } from "../../render/bastion/read.ts";
import { bastionServices } from "../../render/bastion/services.ts";
import { defineCheck, notApplicable, verdict } from "../check.ts";
import { withPort } from "../need-port.ts";

export default defineCheck(import.meta.url, {
  test: "T04",
  title: "dnsmasq logged a DHCPACK for every node's MAC",
  given: "a home or local lab with full DHCP whose nodes have booted",
  when: "the live bastion's dnsmasq log is read",
  then: "the log has a DHCPACK for each node's MAC with the node's address",
  why: "The first link of the boot chain: no DHCPACK, no PXE.",
  live: (t) =>
    withPort(t, "bastion", async (bastion) => {
      const { plan } = t;
      if (plan.network.dhcp.mode === "off")
        return notApplicable(
          `EC2 has no PXE: nodes on target ${plan.target} boot the iPXE AMI, not DHCP from the bastion`,
        );
      if (plan.network.dhcp.mode === "proxy")
        return notApplicable("proxy-DHCP: the home router leases addresses; dnsmasq logs PXE offers, not DHCPACKs");
      const svc = findService(bastionServices(plan), "dnsmasq");
      if (!svc) return verdict(["no dnsmasq service in the bundle"], []);
      const log = await serviceLog(bastion, svc);
      const problems: string[] = [];
      const ok: string[] = [];
      for (const n of plan.nodes) {
        const line = log.split("\n").find((l) => /DHCPACK\(/.test(l) && l.includes(` ${n.mac}`));
        if (!line) problems.push(`no DHCPACK for ${n.name} (${n.mac})`);
        else if (!line.includes(` ${n.address} `)) problems.push(`${n.name}: ${line.trim()} (want ${n.address})`);
        else ok.push(`${n.name}: ${line.trim()}`);
      }
      return verdict(problems, ok);
    }),
});
