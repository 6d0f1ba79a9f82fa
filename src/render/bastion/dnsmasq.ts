// dnsmasq for home/local (off on AWS: the VPC owns DHCP and relays no broadcast). Full DHCP or proxy-DHCP beside
// the home router, TFTP with iPXE per client architecture, iPXE answered with matchbox's /boot.ipxe, no DNS
// (port=0: Pi-hole owns :53 and is handed out as option 6). Facts: ../shared/docs/FACTS.md "dnsmasq PXE".
import { intToIp, parseCidr } from "../../lib/ipv4.ts";
import type { Plan } from "../../plan/types.ts";
import { type DnsmasqLine, dnsmasqText } from "./serialize.ts";

/** TFTP file names the installer puts in the TFTP root. */
export const IPXE_FILES = {
  bios: "undionly.kpxe",
  efiX64: "ipxe.efi",
  efiArm64: "ipxe-arm64.efi",
} as const;

/** DHCP option 93 client architectures -> tag -> iPXE binary. arm64 is 11 (a widely copied doc says 7: wrong). */
export const CLIENT_ARCHES: readonly { readonly arch: number; readonly tag: string; readonly file: string }[] = [
  { arch: 0, tag: "bios", file: IPXE_FILES.bios },
  { arch: 7, tag: "efi-x64", file: IPXE_FILES.efiX64 },
  { arch: 9, tag: "efi-x64", file: IPXE_FILES.efiX64 },
  { arch: 11, tag: "efi-arm64", file: IPXE_FILES.efiArm64 },
];

/** Proxy-DHCP PXE menus per client system architecture (dnsmasq CSA names). */
const PXE_CSA: readonly { readonly csa: string; readonly file: string }[] = [
  { csa: "x86PC", file: IPXE_FILES.bios },
  { csa: "BC_EFI", file: IPXE_FILES.efiX64 },
  { csa: "X86-64_EFI", file: IPXE_FILES.efiX64 },
  { csa: "ARM64_EFI", file: IPXE_FILES.efiArm64 },
];

export const bootIpxeUrl = (plan: Plan): string => `${plan.services.matchbox.url}/boot.ipxe`;

export function dnsmasqLines(plan: Plan): DnsmasqLine[] {
  const subnet = parseCidr(plan.network.subnet);
  if (!subnet) throw new Error(`lab subnet ${plan.network.subnet} does not parse`);
  const net = intToIp(subnet.network);
  const mode = plan.network.dhcp.mode;
  const boot = bootIpxeUrl(plan);
  const L: DnsmasqLine[] = [
    { comment: `moonlab lab ${plan.lab}: ${mode === "proxy" ? "proxy-DHCP" : "DHCP"} + TFTP netboot, no DNS` },
    // Pi-hole serves DNS on :53 of the same host.
    { key: "port", value: "0" },
    ...(plan.network.ipv6
      ? [
          // Router adverts need the lab interface enabled for IPv6, which listen-address=<IPv4> would not do (tried:
          // no RA is sent). DHCP still answers only on the interface holding an address of the range's subnet.
          { key: "bind-dynamic" },
          { key: "except-interface", value: "lo" },
        ]
      : [
          // Serve only the interface that holds the bastion address (the lab segment).
          { key: "bind-interfaces" },
          { key: "listen-address", value: plan.bastion.address },
        ]),
    { key: "log-dhcp" },
  ];
  if (mode === "full") {
    const r = plan.network.dhcp.range;
    if (!r) throw new Error("full DHCP needs network.dhcp.range (validation requires it)");
    L.push(
      { comment: "dynamic range; every node has a static lease outside it" },
      { key: "dhcp-range", value: `set:lab,${r.start},${r.end},${plan.network.netmask},1h` },
      { key: "dhcp-option", value: `option:router,${plan.network.gateway}` },
      { key: "dhcp-option", value: `option:dns-server,${plan.network.dnsServer}` },
      { key: "dhcp-option", value: `option:domain-name,${plan.services.dns.domain}` },
      { key: "domain", value: plan.services.dns.domain },
      // The only DHCP server on the segment: answer at once instead of waiting out other servers.
      { key: "dhcp-authoritative" },
    );
    for (const n of plan.nodes)
      if (n.mac !== undefined) L.push({ key: "dhcp-host", value: `${n.mac},${n.address},${n.hostname},infinite` });
  } else {
    L.push(
      { comment: "proxy-DHCP: the home router hands out addresses, DNS and routes; this answers PXE only" },
      { key: "dhcp-range", value: `${net},proxy,${plan.network.netmask}` },
    );
  }
  if (plan.network.ipv6)
    // iPXE waits ~13 s for a router advert when IPv6 is on; answer it (FACTS.md, "Proving the boot chain").
    L.push({ key: "enable-ra" }, { key: "dhcp-range", value: "::,constructor:*,ra-only" });
  L.push(
    { key: "enable-tftp" },
    { comment: "client architectures (DHCP option 93); match arm64 by number, the vendor class spells it 00011" },
  );
  for (const a of CLIENT_ARCHES) L.push({ key: "dhcp-match", value: `set:${a.tag},option:client-arch,${a.arch}` });
  L.push(
    { comment: "iPXE (user class iPXE or option 175) gets matchbox; plain PXE gets the iPXE binary (no boot loop)" },
    { key: "dhcp-userclass", value: "set:ipxe,iPXE" },
    { key: "dhcp-match", value: "set:ipxe,175" },
  );
  if (mode === "full") {
    L.push({ key: "dhcp-boot", value: `tag:ipxe,${boot}` });
    const seen = new Set<string>();
    for (const a of CLIENT_ARCHES) {
      if (seen.has(a.tag)) continue;
      seen.add(a.tag);
      L.push({ key: "dhcp-boot", value: `tag:!ipxe,tag:${a.tag},${a.file}` });
    }
  } else {
    for (const p of PXE_CSA) L.push({ key: "pxe-service", value: `tag:!ipxe,${p.csa},"iPXE",${p.file}` });
    for (const p of PXE_CSA) L.push({ key: "pxe-service", value: `tag:ipxe,${p.csa},"matchbox",${boot}` });
    L.push({ key: "dhcp-boot", value: `tag:ipxe,${boot}` });
  }
  return L;
}

export const dnsmasqConf = (plan: Plan): string => dnsmasqText(dnsmasqLines(plan));

/** key=value pairs of a dnsmasq config (for checks): comments and blank lines dropped, order kept. */
export function parseDnsmasq(text: string): { readonly key: string; readonly value: string }[] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"))
    .map((l) => {
      const i = l.indexOf("=");
      return i < 0 ? { key: l, value: "" } : { key: l.slice(0, i), value: l.slice(i + 1) };
    });
}
