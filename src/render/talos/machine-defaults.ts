// What `talosctl gen config` turns on by default for a Talos version (pkg/machinery/config/generate, init.go and
// worker.go, by version contract) and a machine config only gets when it says so: a missing section means off.
// moonlab writes them explicitly, per Talos minor, so its configs match what Talos itself would generate; the
// conformance test (test/integration/talos/talos-conformance.test.ts) diffs the two and fails on anything unlisted.
import type { Plan } from "../../plan/types.ts";

/** KubePrism's port (constants.DefaultKubePrismPort): CozyStack's `talos` variant points Cilium at localhost:7445. */
export const KUBEPRISM_PORT = 7445;

interface MinorDefaults {
  /** features.rbac / stableHostname / apidCheckExtKeyUsage: written by the 1.11 contract, implied (hidden) later. */
  readonly explicitRbacAndKeyUsage: boolean;
  /** install.grubUseUKICmdline: from 1.12 GRUB boots with the UKI's command line (the Image Factory schematic's). */
  readonly grubUseUKICmdline: boolean;
  /**
   * Turn the ImageVolume feature gate on (kube-apiserver and kubelet): Moonlander's controller runs from an image
   * volume (src/render/gitops/moonlander.ts). Talos 1.11 runs Kubernetes 1.34, where the gate is beta but off by
   * default (its containerd 2.1 mounts image volumes); Talos 1.13 runs Kubernetes 1.36, where it is on by default.
   */
  readonly enableImageVolume: boolean;
}

export const MINOR_DEFAULTS: Readonly<Record<Plan["talos"]["minor"], MinorDefaults>> = {
  "v1.11": { explicitRbacAndKeyUsage: true, grubUseUKICmdline: false, enableImageVolume: true },
  "v1.13": { explicitRbacAndKeyUsage: false, grubUseUKICmdline: true, enableImageVolume: false },
};

/** Kubernetes's name of the image volume feature (KEP-4639). */
export const IMAGE_VOLUME_GATE = "ImageVolume";

/** Feature gates the lab's Kubernetes needs turned on beyond its version's defaults (kube-apiserver and kubelet). */
export function featureGates(plan: Plan): Record<string, boolean> {
  return MINOR_DEFAULTS[plan.talos.minor].enableImageVolume ? { [IMAGE_VOLUME_GATE]: true } : {};
}

/** machine.features of every node. */
export function machineFeatures(plan: Plan): Record<string, unknown> {
  const d = MINOR_DEFAULTS[plan.talos.minor];
  return {
    ...(d.explicitRbacAndKeyUsage ? { rbac: true, stableHostname: true, apidCheckExtKeyUsage: true } : {}),
    diskQuotaSupport: true,
    kubePrism: { enabled: true, port: KUBEPRISM_PORT },
    // Host DNS caching on, but not forwarded to from kube-dns: Talos's Cilium guide (known issues) says forwarding
    // breaks with Cilium's BPF masquerading, which CozyStack uses.
    hostDNS: { enabled: true, forwardKubeDNSToHost: false },
  };
}

/** kubelet settings gen config writes: RuntimeDefault seccomp for every pod, no static-pod manifests directory. */
export const KUBELET_DEFAULTS = { defaultRuntimeSeccompProfileEnabled: true, disableManifestsDirectory: true } as const;

/** machine.install settings beyond disk/image/wipe. */
export function installDefaults(plan: Plan): Record<string, unknown> {
  return MINOR_DEFAULTS[plan.talos.minor].grubUseUKICmdline ? { grubUseUKICmdline: true } : {};
}
