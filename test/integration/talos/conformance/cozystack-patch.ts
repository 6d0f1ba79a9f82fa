// The documented CozyStack settings for Talos (the talm `cozystack` preset and CozyStack's talosctl install guide,
// FACTS.md "CozyStack"), written out here as the strategic-merge patches a user of `talosctl gen config` would pass.
// Deliberately literal: the conformance test must not take these values from moonlab's renderer, or a renderer
// mistake would agree with itself. The lab subnet and CIDRs are the documented patch's placeholders.
import { stringify } from "yaml";

export interface PatchInputs {
  readonly subnet: string;
  readonly podCidr: string;
  readonly serviceCidr: string;
}

/** Applied to every machine (`--config-patch`). */
export function cozystackPatch(p: PatchInputs): string {
  return stringify({
    machine: {
      kubelet: { nodeIP: { validSubnets: [p.subnet] }, extraConfig: { maxPods: 512 } },
      kernel: {
        modules: [
          { name: "openvswitch" },
          { name: "drbd", parameters: ["usermode_helper=disabled"] },
          { name: "zfs" },
          { name: "spl" },
          { name: "vfio_pci" },
          { name: "vfio_iommu_type1" },
        ],
      },
      files: [
        {
          content:
            '[plugins]\n  [plugins."io.containerd.cri.v1.runtime"]\n    device_ownership_from_security_context = true\n',
          path: "/etc/cri/conf.d/20-customization.part",
          op: "create",
        },
        {
          content:
            'backup {\n        backup = 0\n        archive = 0\n}\ndevices {\n        global_filter = [ "r|^/dev/drbd.*|", "r|^/dev/dm-.*|", "r|^/dev/zd.*|" ]\n}\n',
          permissions: 0o644,
          path: "/etc/lvm/lvm.conf",
          op: "overwrite",
        },
      ],
    },
    cluster: {
      network: {
        cni: { name: "none" },
        dnsDomain: "cozy.local",
        podSubnets: [p.podCidr],
        serviceSubnets: [p.serviceCidr],
      },
      proxy: { disabled: true },
      discovery: { enabled: false },
      allowSchedulingOnControlPlanes: true,
    },
  });
}

/** Applied to control planes only (`--config-patch-control-plane`). */
export function cozystackControlPlanePatch(p: PatchInputs): string {
  return stringify({ cluster: { etcd: { advertisedSubnets: [p.subnet] } } });
}
