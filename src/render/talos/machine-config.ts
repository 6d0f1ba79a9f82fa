// The Talos machine config of one node as served to it (matchbox generic template, AMI user-data) and written to
// talos/<node>.yaml: a v1alpha1 document plus, on Talos >= 1.12/1.13, the newer documents that replace deprecated
// fields (RegistryMirrorConfig, TimeSyncConfig, HostnameConfig), and the tailscale ExtensionServiceConfig on the
// gateway only. Typed objects serialized with `yaml`; nothing is string-templated.
import { stringify } from "yaml";
import type { Plan, PlanNode } from "../../plan/types.ts";
import type { CertAndKey, LabSecrets, TalosSecretsBundle } from "../../secrets/types.ts";
import { featureGates, installDefaults, KUBELET_DEFAULTS, machineFeatures } from "./machine-defaults.ts";
import { schematicFor } from "./schematic.ts";

/** CozyStack's kernel modules (talm cozystack preset, FACTS.md). */
export const COZYSTACK_KERNEL_MODULES: readonly { readonly name: string; readonly parameters?: readonly string[] }[] = [
  { name: "openvswitch" },
  { name: "drbd", parameters: ["usermode_helper=disabled"] },
  { name: "zfs" },
  { name: "spl" },
  { name: "vfio_pci" },
  { name: "vfio_iommu_type1" },
];

export const CRI_CUSTOMIZATION_PATH = "/etc/cri/conf.d/20-customization.part";
/** containerd 2 (Talos >= 1.9) CRI runtime plugin; KubeVirt needs device ownership from the security context. */
export const CRI_CUSTOMIZATION = `[plugins]
  [plugins."io.containerd.cri.v1.runtime"]
    device_ownership_from_security_context = true
`;

export const LVM_CONF_PATH = "/etc/lvm/lvm.conf";
/** Keeps LVM on the host away from DRBD, device-mapper and ZFS volumes that CozyStack's storage hands to guests. */
export const LVM_CONF = `backup {
        backup = 0
        archive = 0
}
devices {
        global_filter = [ "r|^/dev/drbd.*|", "r|^/dev/dm-.*|", "r|^/dev/zd.*|" ]
}
`;

export const MAX_PODS = 512;
export { LABEL_GROUP, LABEL_ROLE } from "../../plan/labels.ts";

const b64 = (pem: string): string => Buffer.from(pem, "utf8").toString("base64");
const certOnly = (c: CertAndKey) => ({ crt: b64(c.crt), key: "" });
const certAndKey = (c: CertAndKey) => ({ crt: b64(c.crt), key: b64(c.key) });

/** Whether the Talos minor line takes the newer config documents instead of the deprecated v1alpha1 fields. */
export function usesMultiDoc(plan: Plan): boolean {
  return plan.talos.minor !== "v1.11";
}

export interface MirrorEndpoint {
  readonly url: string;
  /** The URL's path is the API root (no /v2 appended): the lab registry's per-upstream prefix. */
  readonly overridePath?: boolean;
}

/**
 * Mirror name -> endpoints: one per bastion cache, plus the lab's own registry (plain http). An upstream with a
 * substituted image (spec images.substitutions) tries the lab registry first, under the upstream's prefix
 * (http://<lab>/v2/<upstream>, overridePath), then its cache: containerd moves to the next endpoint on a 404.
 */
export function registryMirrors(
  plan: Plan,
): { readonly name: string; readonly url: string; readonly endpoints: readonly MirrorEndpoint[] }[] {
  const substituted = new Set(plan.images.substitutions.map((s) => s.registry));
  const lab = (upstream: string): MirrorEndpoint => ({
    url: `${plan.services.registry.url}/v2/${upstream}`,
    overridePath: true,
  });
  const out = plan.caches.map((c) => ({
    name: c.upstream,
    url: c.endpoint,
    endpoints: substituted.has(c.upstream) ? [lab(c.upstream), { url: c.endpoint }] : [{ url: c.endpoint }],
  }));
  for (const upstream of [...substituted].sort())
    if (!plan.caches.some((c) => c.upstream === upstream))
      out.push({ name: upstream, url: lab(upstream).url, endpoints: [lab(upstream)] });
  const labUrl = plan.services.registry.url;
  out.push({ name: new URL(labUrl).host, url: labUrl, endpoints: [{ url: labUrl }] });
  return out;
}

/** The ENA driver of every Nitro instance's network interface: how a node config names its one (DHCP) link. */
export const NODE_LINK_DRIVER = "ena";
/** Alias of that link in the v1.13 documents (LinkAliasConfig -> LinkConfig / DHCPv4Config). */
export const NODE_LINK_ALIAS = "lab0";
/** Below the DHCP default route's 1024: the bastion (NAT instance) wins for IPv4; IPv6 stays on the VPC router. */
export const NAT_ROUTE_METRIC = 512;

/** Whether node configs route IPv4 0.0.0.0/0 via the bastion (AWS with bastion.nat). */
export function natRoute(plan: Plan): boolean {
  return plan.target === "aws" && plan.bastion.nat;
}

/** The v1.13 network documents of the NAT route: alias the ENA link, keep DHCP on it, add the default route. */
function natDocuments(plan: Plan): Record<string, unknown>[] {
  const docs: Record<string, unknown>[] = [
    {
      apiVersion: "v1alpha1",
      kind: "LinkAliasConfig",
      name: NODE_LINK_ALIAS,
      selector: { match: `link.driver == "${NODE_LINK_DRIVER}"` },
    },
    { apiVersion: "v1alpha1", kind: "DHCPv4Config", name: NODE_LINK_ALIAS },
  ];
  if (plan.network.ipv6) docs.push({ apiVersion: "v1alpha1", kind: "DHCPv6Config", name: NODE_LINK_ALIAS });
  docs.push({
    apiVersion: "v1alpha1",
    kind: "LinkConfig",
    name: NODE_LINK_ALIAS,
    // No destination: Talos makes it the default route of the gateway's family (it rejects 0.0.0.0/0 spelled out).
    routes: [{ gateway: plan.bastion.address, metric: NAT_ROUTE_METRIC }],
  });
  return docs;
}

/** Routes the gateway advertises into the tailnet: the lab subnet, the pod and the service CIDRs. */
export function tailscaleRoutes(plan: Plan): string[] {
  return [plan.network.subnet, plan.kubernetes.podCidr, plan.kubernetes.serviceCidr];
}

function v1alpha1(plan: Plan, node: PlanNode, bundle: TalosSecretsBundle): Record<string, unknown> {
  const cp = node.role === "controlplane";
  const multi = usesMultiDoc(plan);
  const gates = featureGates(plan);
  const gated = Object.keys(gates).length > 0;
  const machine: Record<string, unknown> = {
    type: node.role,
    token: bundle.trustdInfo.token,
    ca: cp ? certAndKey(bundle.certs.os) : certOnly(bundle.certs.os),
    certSANs: [...new Set([node.address, node.hostname])],
    kubelet: {
      ...KUBELET_DEFAULTS,
      extraConfig: { maxPods: MAX_PODS, ...(gated ? { featureGates: gates } : {}) },
      nodeIP: { validSubnets: [plan.network.subnet] },
    },
  };
  if (!multi) {
    machine.network = {
      hostname: node.hostname,
      ...(natRoute(plan)
        ? {
            interfaces: [
              {
                deviceSelector: { driver: NODE_LINK_DRIVER },
                dhcp: true,
                ...(plan.network.ipv6 ? { dhcpOptions: { ipv6: true } } : {}),
                routes: [{ network: "0.0.0.0/0", gateway: plan.bastion.address, metric: NAT_ROUTE_METRIC }],
              },
            ],
          }
        : {}),
    };
  }
  machine.install = {
    disk: node.installDisk,
    image: schematicFor(plan, node.group).urls.installer,
    wipe: false,
    ...installDefaults(plan),
  };
  machine.files = [
    { content: CRI_CUSTOMIZATION, permissions: 0o644, path: CRI_CUSTOMIZATION_PATH, op: "create" },
    { content: LVM_CONF, permissions: 0o644, path: LVM_CONF_PATH, op: "overwrite" },
  ];
  if (!multi) {
    machine.time = { servers: [...plan.talos.timeServers] };
    machine.registries = {
      mirrors: Object.fromEntries(
        registryMirrors(plan).map((m) => [
          m.name,
          { endpoints: [m.url], ...(plan.talos.skipFallback ? { skipFallback: true } : {}) },
        ]),
      ),
    };
  }
  machine.features = machineFeatures(plan);
  machine.kernel = { modules: COZYSTACK_KERNEL_MODULES.map((m) => ({ ...m })) };
  machine.nodeLabels = { ...node.labels };

  const cluster: Record<string, unknown> = {
    id: bundle.cluster.id,
    secret: bundle.cluster.secret,
    controlPlane: { endpoint: plan.talos.endpoint },
    clusterName: plan.talos.clusterName,
    network: {
      cni: { name: "none" },
      dnsDomain: plan.kubernetes.dnsDomain,
      podSubnets: [plan.kubernetes.podCidr],
      serviceSubnets: [plan.kubernetes.serviceCidr],
    },
    token: bundle.secrets.bootstrapToken,
  };
  if (cp) cluster.secretboxEncryptionSecret = bundle.secrets.secretboxEncryptionSecret;
  cluster.ca = cp ? certAndKey(bundle.certs.k8s) : certOnly(bundle.certs.k8s);
  if (cp) {
    cluster.aggregatorCA = certAndKey(bundle.certs.k8sAggregator);
    cluster.serviceAccount = { key: b64(bundle.certs.k8sServiceAccount.key) };
    cluster.apiServer = {
      certSANs: [plan.talos.controlPlaneAddress],
      // The API server drops fields of a disabled gate: without it a pod's image volume would lose its source.
      ...(gated
        ? {
            extraArgs: {
              "feature-gates": Object.entries(gates)
                .map(([k, v]) => `${k}=${v}`)
                .join(","),
            },
          }
        : {}),
    };
    cluster.etcd = { ca: certAndKey(bundle.certs.etcd), advertisedSubnets: [plan.network.subnet] };
  }
  cluster.proxy = { disabled: true };
  cluster.discovery = { enabled: false };
  cluster.allowSchedulingOnControlPlanes = true;

  return { version: "v1alpha1", debug: false, machine, cluster };
}

/** The config documents of one node, in order. */
export function machineConfigDocuments(plan: Plan, node: PlanNode, secrets: LabSecrets): Record<string, unknown>[] {
  const talos = secrets.talos;
  if (!talos) throw new Error(`no Talos secrets: cannot render the machine config of ${node.name}`);
  const docs: Record<string, unknown>[] = [v1alpha1(plan, node, talos.bundle)];
  if (usesMultiDoc(plan)) {
    docs.push({ apiVersion: "v1alpha1", kind: "HostnameConfig", hostname: node.hostname });
    docs.push({
      apiVersion: "v1alpha1",
      kind: "TimeSyncConfig",
      ntp: { servers: [...plan.talos.timeServers] },
    });
    if (natRoute(plan)) docs.push(...natDocuments(plan));
    for (const m of registryMirrors(plan)) {
      docs.push({
        apiVersion: "v1alpha1",
        kind: "RegistryMirrorConfig",
        name: m.name,
        endpoints: m.endpoints.map((e) => ({ ...e })),
        ...(plan.talos.skipFallback ? { skipFallback: true } : {}),
      });
    }
  }
  if (node.group === "gateway" && plan.groups.gateway.extensions.includes("siderolabs/tailscale")) {
    const env = [`TS_ROUTES=${tailscaleRoutes(plan).join(",")}`, `TS_HOSTNAME=${node.hostname}`];
    if (secrets.tailscaleAuthKey) env.unshift(`TS_AUTHKEY=${secrets.tailscaleAuthKey}`);
    docs.push({ apiVersion: "v1alpha1", kind: "ExtensionServiceConfig", name: "tailscale", environment: env });
  }
  return docs;
}

export function machineConfigYaml(plan: Plan, node: PlanNode, secrets: LabSecrets): string {
  return machineConfigDocuments(plan, node, secrets)
    .map((d) => stringify(d, { lineWidth: 0, minContentWidth: 0 }))
    .join("---\n");
}
