// spec -> Plan: pure and deterministic. Expects a spec that passed validation.

import { type Cidr4, intToIp, netmask, parseCidr } from "../lib/ipv4.ts";
import { defaultTimeServers } from "../lib/time-servers.ts";
import { resolveNodes } from "../spec/nodes.ts";
import { reservedAddresses } from "../spec/rules/addresses.ts";
import { normalizeMac } from "../spec/rules/nodes.ts";
import type { Spec } from "../spec/schema.ts";
import { COMPONENTS, findCozystack, findTalos } from "../versions/matrix.ts";
import { nodeLabels } from "./labels.ts";
import { KUBERNETES_API_PORT } from "./ports.ts";
import { planSubstitutions } from "./substitutions.ts";
import type { Plan, PlanCache, PlanNode, PlanSchedule } from "./types.ts";

const DAY_ORDER = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/** Amazon Time Sync Service, reachable from every instance without internet access. */

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

function nodesOf(spec: Spec): PlanNode[] {
  return resolveNodes(spec).map((n) => {
    const mac = n.mac === undefined ? undefined : normalizeMac(n.mac);
    const selector: Record<string, string> = spec.target === "aws" || mac === undefined ? { node: n.name } : { mac };
    return {
      name: n.name,
      hostname: n.name,
      role: n.role,
      group: n.group,
      address: n.address,
      // matchbox selects by MAC on an L2 segment; on AWS by the node label (the MAC is not known in advance).
      mac: spec.target !== "aws" ? mac : undefined,
      instanceType: n.instanceType,
      installDisk: n.installDisk,
      purchase: n.purchase,
      volumeGb: n.volumeGb,
      labels: nodeLabels(n, spec.talos.extensions[n.group]),
      selector,
    };
  });
}

function networkOf(spec: Spec, subnet: Cidr4): Plan["network"] {
  const dhcpMode =
    spec.network.dhcp?.mode ?? (spec.target === "aws" ? "off" : spec.target === "home" ? "proxy" : "full");
  const range = spec.network.dhcp?.range;
  const pool = spec.network.loadBalancerPool;
  return {
    cidr: spec.network.cidr,
    subnet: spec.network.subnet,
    prefixLength: subnet.prefix,
    netmask: netmask(subnet),
    gateway: spec.network.gateway ?? intToIp(subnet.network + 1),
    ipv6: spec.network.ipv6,
    dnsServer: spec.bastion.address,
    reserved: reservedAddresses(spec).map(intToIp),
    dhcp: { mode: dhcpMode, range: range ? { ...range } : undefined },
    loadBalancerPool: pool ? { ...pool } : undefined,
  };
}

function bastionOf(spec: Spec): Plan["bastion"] {
  return {
    name: `${spec.name}-bastion`,
    address: spec.bastion.address,
    instanceType: spec.bastion.instanceType,
    publicIpv4: spec.bastion.publicIpv4,
    nat: spec.target === "aws" && (spec.bastion.nat ?? true),
    sshSources: [...spec.bastion.ssh.sources].sort(),
    sshUser: spec.bastion.ssh.user,
    ssm: spec.bastion.ssm,
    volumeGb: spec.bastion.volumeGb,
    schedule: scheduleOf(spec.bastion.schedule),
  };
}

/** The bastion's services: matchbox, DNS (Pi-hole) and the lab registry, at fixed ports on the bastion address. */
function servicesOf(spec: Spec, domain: string): Plan["services"] {
  const bastion = spec.bastion.address;
  const matchboxPort = 8080;
  const registryPort = 5000;
  return {
    matchbox: { port: matchboxPort, url: `http://${bastion}:${matchboxPort}` },
    dns: { port: 53, domain, upstreams: [...spec.dns.upstreams] },
    registry: { port: registryPort, url: `http://${bastion}:${registryPort}` },
  };
}

export function buildPlan(spec: Spec): Plan {
  const subnet = parseCidr(spec.network.subnet);
  if (!subnet) throw new Error("buildPlan needs a validated spec (network.subnet)");
  const talos = findTalos(spec.talos.version);
  const cozy = findCozystack(spec.cozystack.version);
  if (!talos || !cozy) throw new Error("buildPlan needs a validated spec (versions)");
  const domain = spec.dns.domain ?? `${spec.name}.lab`;
  const nodes = nodesOf(spec);
  const cp = nodes.find((n) => n.role === "controlplane");
  if (!cp) throw new Error("buildPlan needs a validated spec (a control plane)");
  const network = networkOf(spec, subnet);
  return {
    lab: spec.name,
    target: spec.target,
    region: spec.region,
    arch: spec.arch,
    tags: { "moonlab:lab": spec.name },
    network,
    bastion: bastionOf(spec),
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
      endpoint: `https://${cp.address}:${KUBERNETES_API_PORT}`,
      controlPlaneAddress: cp.address,
      timeServers: spec.talos.timeServers ? [...spec.talos.timeServers] : defaultTimeServers(spec.target),
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
    caches: spec.caches.map((c) => cacheOf(c, spec.bastion.address)),
    services: servicesOf(spec, domain),
    gitops: {
      repo: spec.gitops?.repo ?? `file:///srv/moonlab/${spec.name}-fleet.git`,
      branch: spec.gitops?.branch ?? "main",
      ...(spec.gitops?.secretRef ? { secretRef: spec.gitops.secretRef } : {}),
      path: (spec.gitops?.path ?? "clusters/<name>").replace("<name>", spec.name),
      sourceNamespace: "cozy-fluxcd",
      sourceName: "cozy-fluxcd",
    },
    cost: { freeTier: spec.cost.freeTier },
    budget: { ...spec.budget },
    images: { substitutions: planSubstitutions(spec.images.substitutions, `${spec.bastion.address}:5000`) },
    acknowledgements: Object.fromEntries(spec.acknowledgements.map((a) => [a.id, a.reason])),
  };
}
