// Every way moonlab's machine configs may differ from what Talos's own generator (`talosctl gen config
// --with-secrets` with the documented CozyStack patches, tools/talos-conformance) writes for the same inputs, each
// with the reason. The conformance test fails on any difference not listed here, and on an entry that no longer
// matches anything (a stale reason is a lie). A path is `<document>:<dotted.field>`; `*` matches any run of
// characters (`RegistryMirrorConfig/*:`); a path without a trailing `:` also covers every field below it.
import type { DifferenceKind } from "./structural-diff.ts";

export interface AllowedDifference {
  readonly path: string;
  readonly kind: DifferenceKind;
  readonly reason: string;
  /** Only for labs where this holds (e.g. Talos minor); every lab when absent. */
  readonly when?: (lab: { readonly minor: string; readonly target: string; readonly nat: boolean }) => boolean;
}

const IMAGES =
  "Talos fills in the component image of its own version when the field is empty; pinning it in the config would " +
  "hold Kubernetes back on a Talos upgrade";

export const ALLOWED_DIFFERENCES: readonly AllowedDifference[] = [
  // Component images: defaults at load time.
  { path: "v1alpha1:machine.kubelet.image", kind: "only-talos", reason: IMAGES },
  { path: "v1alpha1:cluster.apiServer.image", kind: "only-talos", reason: IMAGES },
  { path: "v1alpha1:cluster.controllerManager", kind: "only-talos", reason: IMAGES },
  { path: "v1alpha1:cluster.scheduler", kind: "only-talos", reason: IMAGES },
  {
    path: "v1alpha1:cluster.proxy.image",
    kind: "only-talos",
    reason: "kube-proxy is disabled (CozyStack: Cilium replaces it), so its image is never pulled",
  },
  {
    path: "v1alpha1:persist",
    kind: "only-talos",
    reason: "deprecated in v1alpha1 and ignored by Talos >= 1.x (the config is always persisted)",
  },
  {
    path: "v1alpha1:cluster.discovery.registries",
    kind: "only-talos",
    reason: "cluster discovery is disabled (CozyStack), so the registries it would use are never read",
  },
  // Pod security and audit: CozyStack's own choices.
  {
    path: "v1alpha1:cluster.apiServer.admissionControl",
    kind: "only-talos",
    reason:
      "Talos's default PodSecurity config enforces `baseline` on every namespace; CozyStack's platform (KubeVirt, " +
      "LINSTOR/DRBD, Cilium, kube-ovn) runs privileged pods in namespaces it does not all label, so the lab keeps " +
      "Kubernetes's built-in default (privileged) as CozyStack's talm preset does",
  },
  {
    path: "v1alpha1:cluster.apiServer.auditPolicy",
    kind: "only-talos",
    reason: "without a policy the API server writes no audit log: a lab has no audit consumer, and the log costs disk",
  },
  {
    path: "v1alpha1:machine.features.hostDNS.forwardKubeDNSToHost",
    kind: "changed",
    reason:
      "Talos's Cilium guide (known issues): forwarding kube-dns to the host DNS breaks with Cilium's BPF " +
      "masquerading, which CozyStack enables; host DNS stays on for the node itself",
  },
  {
    path: "v1alpha1:machine.nodeLabels.node.kubernetes.io/exclude-from-external-load-balancers",
    kind: "only-talos",
    reason:
      "CozyStack's control-plane patch deletes it: every node schedules workloads and may announce load-balancer " +
      "addresses (allowSchedulingOnControlPlanes)",
  },
  // The lab's own inputs that `gen config` has no option for.
  {
    path: "v1alpha1:machine.certSANs",
    kind: "changed",
    reason: "the node's address and hostname, so talosctl reaches the node by either through the bastion",
  },
  {
    path: "v1alpha1:cluster.apiServer.certSANs",
    kind: "only-ours",
    reason: "the control plane's address (gen config only adds the endpoint's host, which here is the same address)",
  },
  {
    path: "v1alpha1:cluster.apiServer.extraArgs",
    kind: "only-ours",
    reason:
      "feature-gates=ImageVolume=true: Kubernetes 1.34 (Talos 1.11) has image volumes off by default, and Moonlander's controller runs from one",
    when: (lab) => lab.minor === "v1.11",
  },
  {
    path: "v1alpha1:machine.kubelet.extraConfig.featureGates",
    kind: "only-ours",
    reason: "ImageVolume on in the kubelet too (Kubernetes 1.34): it mounts Moonlander's controller image",
    when: (lab) => lab.minor === "v1.11",
  },
  {
    path: "v1alpha1:machine.nodeLabels",
    kind: "only-ours",
    reason: "moonlab's group/role/extension labels (`moonlab.dev/*`) that checks and workloads select nodes by",
  },
  {
    path: "v1alpha1:machine.files",
    kind: "changed",
    reason: "the CRI customization file gets mode 0644 (the documented patch leaves the mode unset, i.e. 0)",
  },
  {
    path: "HostnameConfig:auto",
    kind: "only-talos",
    reason: "the lab names every node (`<lab>-<group>-<n>`) instead of a stable random name",
  },
  { path: "HostnameConfig:hostname", kind: "only-ours", reason: "the node's name from the plan" },
  {
    path: "TimeSyncConfig:",
    kind: "only-ours",
    reason: "the spec's time servers (Amazon Time Sync on AWS), instead of Talos's default time.cloudflare.com",
  },
  {
    path: "RegistryMirrorConfig/*:",
    kind: "only-ours",
    reason: "pulls go through the bastion's pull-through caches and the lab registry",
  },
  {
    path: "ExtensionServiceConfig/tailscale:",
    kind: "only-ours",
    reason: "the gateway's tailscale extension (subnet router)",
  },
  {
    path: "LinkAliasConfig/lab0:",
    kind: "only-ours",
    reason: "AWS NAT instance: names the ENA link so the IPv4 default route can go via the bastion",
    when: (l) => l.nat,
  },
  {
    path: "DHCPv4Config/lab0:",
    kind: "only-ours",
    reason: "AWS NAT instance: keeps DHCP on the aliased link (a LinkConfig alone would make it static)",
    when: (l) => l.nat,
  },
  {
    path: "DHCPv6Config/lab0:",
    kind: "only-ours",
    reason: "AWS NAT instance with IPv6: keeps DHCPv6 on the aliased link; IPv6 stays on the VPC router",
    when: (l) => l.nat,
  },
  {
    path: "LinkConfig/lab0:",
    kind: "only-ours",
    reason: "AWS NAT instance: the IPv4 default route via the bastion (metric 512 beats DHCP's 1024)",
    when: (l) => l.nat,
  },
  {
    path: "v1alpha1:cluster.apiServer.disablePodSecurityPolicy",
    kind: "only-talos",
    reason: "PodSecurityPolicy left Kubernetes in 1.25; the 1.11 contract still writes the switch, which does nothing",
    when: (l) => l.minor === "v1.11",
  },
  // Talos 1.11 (CozyStack v0 line): the deprecated v1alpha1 fields the 1.13 documents replace.
  {
    path: "v1alpha1:machine.network",
    kind: "only-ours",
    reason: "Talos 1.11 takes hostname (and the NAT route) in v1alpha1 machine.network",
    when: (l) => l.minor === "v1.11",
  },
  {
    path: "v1alpha1:machine.time",
    kind: "only-ours",
    reason: "Talos 1.11 takes time servers in v1alpha1 machine.time",
    when: (l) => l.minor === "v1.11",
  },
  {
    path: "v1alpha1:machine.registries",
    kind: "only-ours",
    reason: "Talos 1.11 takes registry mirrors in v1alpha1 machine.registries (the bastion's caches)",
    when: (l) => l.minor === "v1.11",
  },
];
