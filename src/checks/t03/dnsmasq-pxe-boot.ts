import { bootIpxeUrl, CLIENT_ARCHES, parseDnsmasq } from "../../render/bastion/dnsmasq.ts";
import { TREE } from "../../render/bastion/layout.ts";
import { defineCheck, notApplicable, verdict } from "../check.ts";

export default defineCheck(import.meta.url, {
  test: "T03",
  title: "dnsmasq netboots BIOS, x86-64 EFI and ARM64 EFI into iPXE and iPXE into matchbox, leaving DNS to Pi-hole",
  given: "a plan whose target owns its L2 segment (home, local)",
  when: "the bundle is rendered",
  then:
    "dnsmasq has port=0, TFTP on, client-arch 0 -> undionly.kpxe, 7 and 9 -> ipxe.efi, 11 -> the arm64 ipxe.efi (matched " +
    "by number), iPXE detected by user class or option 175 and answered with <matchbox>/boot.ipxe, and router adverts when IPv6 is on",
  why:
    "A wrong arch match boots the wrong binary (a widely copied doc gives arm64 as 7); answering iPXE with iPXE loops " +
    "forever; a second DNS server on :53 fights Pi-hole; without a router advert iPXE waits ~13 s per boot.",
  plan: ({ plan, artifacts }) => {
    if (plan.network.dhcp.mode === "off")
      return notApplicable(`no dnsmasq on target ${plan.target} (the VPC owns DHCP; nodes boot the iPXE AMI)`);
    const conf = parseDnsmasq(artifacts.text(TREE.dnsmasq));
    const has = (key: string, value = "") => conf.some((l) => l.key === key && l.value === value);
    const problems: string[] = [];
    if (!has("port", "0")) problems.push("dnsmasq serves DNS (port=0 missing): Pi-hole owns :53");
    if (!has("enable-tftp")) problems.push("TFTP is off");
    const boot = bootIpxeUrl(plan);
    for (const a of CLIENT_ARCHES) {
      const tag = conf
        .find((l) => l.key === "dhcp-match" && l.value.endsWith(`,option:client-arch,${a.arch}`))
        ?.value.split(",")[0]
        ?.replace("set:", "");
      if (!tag) {
        problems.push(`client-arch ${a.arch} is not matched`);
        continue;
      }
      const served =
        plan.network.dhcp.mode === "full"
          ? conf.some((l) => l.key === "dhcp-boot" && l.value === `tag:!ipxe,tag:${tag},${a.file}`)
          : conf.some(
              (l) => l.key === "pxe-service" && l.value.startsWith("tag:!ipxe,") && l.value.endsWith(`,${a.file}`),
            );
      if (!served) problems.push(`client-arch ${a.arch} (${tag}) is not given ${a.file}`);
    }
    if (!has("dhcp-userclass", "set:ipxe,iPXE") && !has("dhcp-match", "set:ipxe,175"))
      problems.push("iPXE is not detected");
    if (!has("dhcp-boot", `tag:ipxe,${boot}`)) problems.push(`iPXE clients are not sent to ${boot}`);
    if (plan.network.ipv6 && !has("enable-ra")) problems.push("IPv6 is on but dnsmasq sends no router adverts");
    if (plan.network.dhcp.mode === "full" && !has("dhcp-option", `option:dns-server,${plan.network.dnsServer}`))
      problems.push(`DHCP does not hand out Pi-hole (${plan.network.dnsServer}) as DNS`);
    return verdict(problems, [
      "port=0 (Pi-hole owns DNS), TFTP on",
      `client-arch ${CLIENT_ARCHES.map((a) => `${a.arch}->${a.file}`).join(", ")}`,
      `iPXE -> ${boot}${plan.network.ipv6 ? "; router adverts on" : ""}`,
    ]);
  },
});
