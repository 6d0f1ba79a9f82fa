import { at } from "../../lib/at.ts";
import {
  COZYSTACK_KERNEL_MODULES,
  CRI_CUSTOMIZATION_PATH,
  LVM_CONF_PATH,
  MAX_PODS,
} from "../../render/talos/machine-config.ts";
import { defineCheck } from "../check.ts";
import { judgeEachNodeConfig } from "../node-configs.ts";

export default defineCheck(import.meta.url, {
  test: "T05",
  title: "Every node's machine config carries CozyStack's required Talos settings",
  given: "each node's rendered machine config",
  when: "the settings CozyStack's talm preset requires are read back",
  then: "cni none, kube-proxy disabled, discovery off, scheduling on control planes, maxPods 512, the kernel modules (drbd usermode_helper=disabled), the containerd device-ownership part, the LVM filter, dnsDomain cozy.local and the plan's pod/service CIDRs",
  why: "CozyStack installs its own CNI (Cilium/Kube-OVN) and proxy and needs these modules and CRI settings; without them its platform never becomes ready.",
  plan: ({ plan, artifacts }) => {
    return judgeEachNodeConfig(plan, artifacts, (c, p) => {
      const m = c.main;
      if (at(m, "cluster.network.cni.name") !== "none") p("cluster.network.cni.name is not none");
      if (at(m, "cluster.proxy.disabled") !== true) p("kube-proxy is not disabled");
      if (at(m, "cluster.discovery.enabled") !== false) p("cluster discovery is not disabled");
      if (at(m, "cluster.allowSchedulingOnControlPlanes") !== true) p("allowSchedulingOnControlPlanes is not true");
      if (at(m, "machine.kubelet.extraConfig.maxPods") !== MAX_PODS) p(`kubelet maxPods is not ${MAX_PODS}`);
      if (at(m, "cluster.network.dnsDomain") !== plan.kubernetes.dnsDomain)
        p(`dnsDomain is not ${plan.kubernetes.dnsDomain}`);
      if (JSON.stringify(at(m, "cluster.network.podSubnets")) !== JSON.stringify([plan.kubernetes.podCidr]))
        p(`podSubnets is not [${plan.kubernetes.podCidr}]`);
      if (JSON.stringify(at(m, "cluster.network.serviceSubnets")) !== JSON.stringify([plan.kubernetes.serviceCidr]))
        p(`serviceSubnets is not [${plan.kubernetes.serviceCidr}]`);
      const modules = (at(m, "machine.kernel.modules") as { name: string; parameters?: string[] }[] | undefined) ?? [];
      for (const want of COZYSTACK_KERNEL_MODULES) {
        const got = modules.find((x) => x.name === want.name);
        if (!got) p(`kernel module ${want.name} missing`);
        else
          for (const param of want.parameters ?? [])
            if (!got.parameters?.includes(param)) p(`kernel module ${want.name} lacks ${param}`);
      }
      const files = (at(m, "machine.files") as { path: string; content: string }[] | undefined) ?? [];
      const cri = files.find((f) => f.path === CRI_CUSTOMIZATION_PATH);
      if (!cri || !/device_ownership_from_security_context\s*=\s*true/.test(cri.content))
        p(`${CRI_CUSTOMIZATION_PATH} with device_ownership_from_security_context = true missing`);
      const lvm = files.find((f) => f.path === LVM_CONF_PATH);
      if (!lvm || !/global_filter[^\n]*drbd/.test(lvm.content))
        p(`${LVM_CONF_PATH} with the DRBD/ZFS global_filter missing`);
      return `${c.node.name}: cni none, kube-proxy off, discovery off, maxPods ${String(at(m, "machine.kubelet.extraConfig.maxPods"))}, ${modules.length} modules, ${String(at(m, "cluster.network.dnsDomain"))}`;
    });
  },
});
