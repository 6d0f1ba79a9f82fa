// The boot chain of a lab as ordered steps, from the plan: on AWS the nodes start an iPXE AMI whose user-data
// chains to matchbox; at home and in the rehearsal the firmware PXE-boots through the bastion's dnsmasq first.
import type { Plan } from "../plan/types.ts";

export interface BootStep {
  readonly step: string;
  readonly detail: string;
}

export function bootChain(plan: Plan): BootStep[] {
  const mb = plan.services.matchbox.url;
  const select = plan.target === "aws" ? "the node's name (iPXE user-data)" : "its MAC address";
  const first: BootStep[] =
    plan.target === "aws"
      ? [
          {
            step: "iPXE AMI",
            detail: `the node's launch template boots an iPXE image; its user-data script chains to ${mb}`,
          },
        ]
      : [
          {
            step: plan.network.dhcp.mode === "proxy" ? "PXE + proxy-DHCP" : "PXE + DHCP",
            detail: `firmware PXE; dnsmasq on ${plan.bastion.address} answers ${plan.network.dhcp.mode === "proxy" ? "as proxy-DHCP (the router keeps DHCP)" : "with an address and the boot file"} and serves iPXE over TFTP`,
          },
          { step: "iPXE", detail: `iPXE asks ${mb}/boot.ipxe` },
        ];
  return [
    ...first,
    {
      step: "matchbox",
      detail: `matchbox selects the node's group by ${select} and returns its profile: Talos ${plan.talos.version} kernel + initramfs (Image Factory schematic per group)`,
    },
    {
      step: "Talos",
      detail: `Talos boots in maintenance mode, fetches its machine config from matchbox and installs to its disk; images come through the bastion's caches`,
    },
    {
      step: "Kubernetes + CozyStack",
      detail: `the control plane at ${plan.talos.endpoint} bootstraps; Flux syncs ${plan.gitops.repo} (${plan.gitops.branch}, ${plan.gitops.path}) and installs CozyStack ${plan.cozystack.version}`,
    },
  ];
}
