// spec -> Plan: pure and deterministic. Expects a spec that passed validation.
import { intToIp, netmask, parseCidr } from "../lib/ipv4.ts";
import { resolveNodes } from "../spec/nodes.ts";
import { reservedAddresses } from "../spec/rules/addresses.ts";
import { normalizeMac } from "../spec/rules/nodes.ts";
import type { Spec } from "../spec/schema.ts";
import { COMPONENTS, findCozystack, findTalos } from "../versions/matrix.ts";
import { nodeLabels } from "./labels.ts";
import { planSubstitutions } from "./substitutions.ts";
import type { Plan, PlanCache, PlanNode, PlanSchedule } from "./types.ts";

const DAY_ORDER = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
/** Amazon Time Sync Service, reachable from every instance without internet access. */
export const AMAZON_TIME_SYNC = "169.254.169.123";

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

export function scheduleOf(s: Spec["bastion"]["schedule"]): PlanSchedule {
  const span = (minutes(s.stop) - minutes(s.start) + 24 * 60) % (24 * 60);
  const days = [...new Set(s.days)].sort((a, b) => DAY_ORDER.indexOf(a) - DAY_ORDER.indexOf(b));
  return { start: s.start, stop: s.stop, days, timeZone: s.timeZone, hoursPerDay: span / 60, daysPerWeek: days.length };
}

function cacheOf(c: Spec["caches"][number], bastion: string): PlanCache {
  const remote = c.remoteUrl ?? (c.upstream === "docker.io" ? "https://registry-1.docker.io" : `https://${c.upstream}`);
  return {
    upstream: c.upstream,
    port: c.port,
    remoteUrl: remote,
    name: `cache-${c.upstream.replace(/[^a-z0-9]+/g, "-")}`,
    endpoint: `http://${bastion}:${c.port}`,
  };
}

export function buildPlan(spec: Spec): Plan {
  const subnet = parseCidr(spec.network.subnet);
  if (!subnet) throw new Error("buildPlan needs a validated spec (network.subnet)");
  const talos = findTalos(spec.talos.version);
  const cozy = findCozystack(spec.cozystack.version);
  if (!talos || !cozy) throw new Error("buildPlan needs a validated spec (versions)");
  const domain = spec.dns.domain ?? `${spec.name}.lab`;
  const bastion = spec.bastion.address;
  const nodes: PlanNode[] = resolveNodes(spec).map((n) => {
    const mac = n.mac === undefined ? undefined : normalizeMac(n.mac);
    const selector: Record<string, string> = spec.target === "aws" || mac === undefined ? { node: n.name } : { mac };
    return {
      name: n.name,
      hostname: n.name,
      role: n.role,
      group: n.group,
      address: n.address,
      ...(spec.target !== "aws" && mac !== undefined ? { mac } : {}),
      instanceType: n.instanceType,
      installDisk: n.installDisk,
      purchase: n.purchase,
      volumeGb: n.volumeGb,
      labels: nodeLabels(n, spec.talos.extensions[n.group]),
      selector,
    };
  });
  const cp = nodes.find((n) => n.role === "controlplane");
  if (!cp) throw new Error("buildPlan needs a validated spec (a control plane)");
  const gateway = spec.network.gateway ?? intToIp(subnet.network + 1);
  const dhcpMode =
    spec.network.dhcp?.mode ?? (spec.target === "aws" ? "off" : spec.target === "home" ? "proxy" : "full");
  const matchboxPort = 8080;
  return {
    lab: spec.name,
    target: spec.target,
    region: spec.region,
    arch: spec.arch,
    tags: { "moonlab:lab": spec.name },
    network: {
      cidr: spec.network.cidr,
      subnet: spec.network.subnet,
      prefixLength: subnet.prefix,
      netmask: netmask(subnet),
      gateway,
      ipv6: spec.network.ipv6,
      dnsServer: bastion,
      reserved: reservedAddresses(spec).map(intToIp),
      dhcp: { mode: dhcpMode, ...(spec.network.dhcp?.range ? { range: { ...spec.network.dhcp.range } } : {}) },
      ...(spec.network.loadBalancerPool ? { loadBalancerPool: { ...spec.network.loadBalancerPool } } : {}),
    },
    bastion: {
      name: `${spec.name}-bastion`,
      address: bastion,
      instanceType: spec.bastion.instanceType,
      publicIpv4: spec.bastion.publicIpv4,
      nat: spec.target === "aws" && (spec.bastion.nat ?? true),
      sshSources: [...spec.bastion.ssh.sources].sort(),
      sshUser: spec.bastion.ssh.user,
      ssm: spec.bastion.ssm,
      volumeGb: spec.bastion.volumeGb,
      schedule: scheduleOf(spec.bastion.schedule),
    },
    nodes,
    groups: {
      gateway: { extensions: [...spec.talos.extensions.gateway] },
      compute: { extensions: [...spec.talos.extensions.compute] },
    },
    talos: {
      ...talos,
      bootMode: spec.talos.bootMode,
      skipFallback: spec.talos.skipFallback,
      clusterName: spec.name,
      endpoint: `https://${cp.address}:6443`,
      controlPlaneAddress: cp.address,
      timeServers: spec.target === "aws" ? [AMAZON_TIME_SYNC] : [gateway],
    },
    kubernetes: {
      dnsDomain: "cozy.local",
      podCidr: "10.244.0.0/16",
      podGateway: "10.244.0.1",
      serviceCidr: "10.96.0.0/16",
      joinCidr: "100.64.0.0/16",
    },
    cozystack: { ...cozy, variant: spec.cozystack.variant, host: spec.cozystack.host ?? domain },
    components: COMPONENTS,
    caches: spec.caches.map((c) => cacheOf(c, bastion)),
    services: {
      matchbox: { port: matchboxPort, url: `http://${bastion}:${matchboxPort}` },
      dns: { port: 53, domain, upstreams: [...spec.dns.upstreams] },
      registry: { port: 5000, url: `http://${bastion}:5000` },
    },
    gitops: {
      repo: spec.gitops?.repo ?? `file:///srv/moonlab/${spec.name}-fleet.git`,
      branch: spec.gitops?.branch ?? "main",
      path: (spec.gitops?.path ?? "clusters/<name>").replace("<name>", spec.name),
      sourceNamespace: "cozy-fluxcd",
      sourceName: "cozy-fluxcd",
    },
    cost: { freeTier: spec.cost.freeTier },
    budget: { ...spec.budget },
    images: { substitutions: planSubstitutions(spec.images.substitutions, `${bastion}:5000`) },
    acknowledgements: Object.fromEntries(spec.acknowledgements.map((a) => [a.id, a.reason])),
  };
}
