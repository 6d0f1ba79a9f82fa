import type { ArtifactTree } from "../../artifacts/tree.ts";
import { AMAZON_TIME_SYNC } from "../../lib/time-servers.ts";
import type { Plan } from "../../plan/types.ts";
import type { LiveLab } from "../../ports/aws.ts";
import { ROLE_TAG } from "../../render/aws/names.ts";
import { planFacts } from "../../render/aws/read.ts";
import { TREE } from "../../render/bastion/layout.ts";
import { covers, emulatorLacks, seenIn } from "../aws-modes.ts";
import { defineCheck, notApplicable, verdict } from "../check.ts";
import { ipv4Flows, judgeFlows } from "../ipv4-egress-path.ts";
import { withPort } from "../need-port.ts";

/** Hosts the lab fetches from that publish no AAAA record: only an IPv4 path reaches them. */
export const IPV4_ONLY_HOSTS: readonly string[] = ["github.com", "ghcr.io"];
/** Talos's metric for DHCP routes: the NAT route must be below it to win. */
const DHCP_ROUTE_METRIC = 1024;

interface Found {
  readonly problems: string[];
  readonly ok: string[];
}

/** What the AWS stack (template or API) shows: time, caches, IPv6, and the NAT instance's ENI and public IPv4. */
function judgeLab(plan: Plan, lab: LiveLab): Found {
  const problems: string[] = [];
  const ok: string[] = [`(${seenIn(lab)})`];
  if (plan.talos.timeServers.includes(AMAZON_TIME_SYNC)) ok.push(`time: Amazon Time Sync ${AMAZON_TIME_SYNC}`);
  else problems.push(`time servers ${plan.talos.timeServers.join(", ")} do not include Amazon Time Sync`);

  const bastion = lab.securityGroups.filter((g) => g.tags[ROLE_TAG] === "bastion");
  const closed = plan.caches.filter(
    (c) => !bastion.some((g) => g.ingress.some((r) => covers(r, "tcp", c.port) && r.source === plan.network.subnet)),
  );
  if (plan.caches.length === 0) problems.push("no registry caches: nodes cannot pull images");
  else if (closed.length > 0)
    problems.push(
      `caches not reachable from the lab subnet: ${closed.map((c) => `${c.upstream}:${c.port}`).join(", ")}`,
    );
  else ok.push(`images: ${plan.caches.length} caches on the bastion, open to ${plan.network.subnet}`);

  const nodeGroups = lab.securityGroups.filter((g) => g.tags[ROLE_TAG] === "node");
  const toBastion = nodeGroups.some((g) =>
    g.egress.some((r) => r.protocol === "-1" && (r.source === "0.0.0.0/0" || r.source === plan.network.subnet)),
  );
  if (!toBastion) problems.push("node security group has no IPv4 egress to the bastion");

  if (plan.network.ipv6) {
    if (emulatorLacks(lab, "no-ipv6")) ok.push("IPv6 egress not modelled by the emulator (moto): proven in plan mode");
    else {
      const v6out = nodeGroups.some((g) => g.egress.some((r) => r.protocol === "-1" && r.source === "::/0"));
      const nodeTemplates = lab.launchTemplates.filter((t) => t.tags[ROLE_TAG] === "node");
      const noV6 = nodeTemplates.filter((t) => (t.ipv6AddressCount ?? 0) < 1).map((t) => t.name);
      const route = lab.routeTables.some((rt) =>
        rt.routes.some((r) => r.destination === "::/0" && lab.internetGateways.some((g) => g.id === r.target)),
      );
      if (!v6out) problems.push("node security group does not allow IPv6 egress (::/0)");
      if (noV6.length > 0) problems.push(`node launch templates without an IPv6 address: ${noV6.join(", ")}`);
      if (!route) problems.push("no ::/0 route to the internet gateway");
      if (v6out && noV6.length === 0 && route) ok.push("IPv6: an address per node, egress ::/0, route ::/0 -> IGW");
    }
  }

  if (plan.bastion.nat) {
    const eni = lab.networkInterfaces.find((n) => n.privateIp === plan.bastion.address);
    if (!eni) problems.push(`IPv4 NAT: no network interface holds the bastion address ${plan.bastion.address}`);
    else if (eni.sourceDestCheck === false)
      ok.push(`IPv4 NAT: the bastion ENI ${plan.bastion.address} has its source/dest check off (it forwards)`);
    else if (emulatorLacks(lab, "no-eni-source-dest-check"))
      ok.push("IPv4 NAT: the ENI's source/dest check is not modelled by the emulator (moto): proven in plan mode");
    else
      problems.push(
        `IPv4 NAT: the bastion ENI ${plan.bastion.address} keeps its source/dest check, so EC2 drops the nodes' ` +
          "packets for other destinations",
      );
    const path = judgeFlows(plan, lab, ipv4Flows(plan, IPV4_ONLY_HOSTS));
    problems.push(...path.problems);
    ok.push(...path.ok);
    const lt = lab.launchTemplates.find((t) => t.tags[ROLE_TAG] === "bastion");
    if (lt?.associatePublicIp === true) ok.push("IPv4 NAT: the bastion gets a public IPv4 to masquerade behind");
    else problems.push("IPv4 NAT: the bastion's launch template gives it no public IPv4 to masquerade behind");
  }
  return { problems, ok };
}

/** The IPv4-only hosts the rendered GitOps tree (and the fleet repository) name. */
export function ipv4OnlyHostsNeeded(plan: Plan, artifacts: ArtifactTree): string[] {
  const urls = [plan.gitops.repo, ...artifacts.list("gitops/").map((p) => artifacts.text(p))].join("\n");
  const hosts = [...urls.matchAll(/\b(?:https?|oci|ssh|git):\/\/(?:[^@/\s"']+@)?([A-Za-z0-9.-]+)/g)].map((m) =>
    (m[1] ?? "").toLowerCase(),
  );
  const scp = /^[^@\s]+@([A-Za-z0-9.-]+):/.exec(plan.gitops.repo)?.[1]?.toLowerCase();
  return IPV4_ONLY_HOSTS.filter((h) => hosts.includes(h) || scp === h);
}

interface Route {
  readonly network?: string;
  readonly destination?: string;
  readonly gateway?: string;
  readonly metric?: number;
}

/** Does a node config send IPv4 0.0.0.0/0 via the bastion, below the DHCP route's metric? */
function routesViaBastion(plan: Plan, docs: readonly unknown[]): boolean {
  const routes: Route[] = [];
  for (const d of docs as Record<string, unknown>[]) {
    if (d?.kind === "LinkConfig") routes.push(...((d.routes as Route[] | undefined) ?? []));
    const ifaces = (d?.machine as { network?: { interfaces?: { routes?: Route[] }[] } } | undefined)?.network
      ?.interfaces;
    for (const i of ifaces ?? []) routes.push(...(i.routes ?? []));
  }
  return routes.some((r) => {
    const dest = r.destination ?? r.network;
    return (
      (dest === undefined || dest === "0.0.0.0/0") &&
      r.gateway === plan.bastion.address &&
      (r.metric ?? DHCP_ROUTE_METRIC) < DHCP_ROUTE_METRIC
    );
  });
}

/** The rendered halves of the IPv4 path: the bastion's forwarding + masquerade, the nodes' default route. */
function judgeRendered(plan: Plan, artifacts: ArtifactTree): Found {
  const problems: string[] = [];
  const ok: string[] = [];
  const subnet = plan.network.subnet;
  if (!plan.bastion.nat) {
    const needed = ipv4OnlyHostsNeeded(plan, artifacts);
    if (needed.length > 0)
      problems.push(
        `IPv4: bastion.nat is off, so nodes reach no IPv4-only destination, but the GitOps tree needs ${needed.join(", ")} ` +
          "(Flux cannot clone or pull them): set bastion.nat: true with bastion.publicIpv4: true, or serve them inside the lab",
      );
    else
      ok.push(
        "IPv4: bastion.nat is off: IPv4-only destinations are unreachable from the nodes; the GitOps tree names none " +
          `(${IPV4_ONLY_HOSTS.join(", ")})`,
      );
    return { problems, ok };
  }
  const nft = artifacts.has(TREE.firewall) ? artifacts.text(TREE.firewall) : "";
  const masq = new RegExp(
    `type nat hook postrouting[^}]*ip saddr ${subnet.replace(/\./g, "\\.")} ip daddr != ${subnet.replace(/\./g, "\\.")} masquerade`,
  ).test(nft);
  const fwd =
    /type filter hook forward[^}]*ct state established,related accept/.test(nft) &&
    nft.includes(`ip saddr ${subnet} ip daddr != ${subnet} accept`) &&
    nft.includes(`ip daddr ${subnet} drop`);
  const sysctl =
    artifacts.has(TREE.natSysctl) && /^net\.ipv4\.ip_forward\s*=\s*1$/m.test(artifacts.text(TREE.natSysctl));
  const applied = artifacts.has(TREE.install) && artifacts.text(TREE.install).includes("90-moonlab-nat.conf");
  if (!masq) problems.push(`IPv4 NAT: ${TREE.firewall} does not masquerade ${subnet} on postrouting`);
  if (!fwd)
    problems.push(
      `IPv4 NAT: ${TREE.firewall} does not forward ${subnet} out and only answers back (established) into it`,
    );
  if (!sysctl) problems.push(`IPv4 NAT: ${TREE.natSysctl} does not set net.ipv4.ip_forward = 1`);
  else if (!applied) problems.push(`IPv4 NAT: ${TREE.install} does not apply ${TREE.natSysctl}`);
  if (masq && fwd && sysctl && applied)
    ok.push(`IPv4 NAT: the bastion forwards ${subnet} (ip_forward = 1) and masquerades it; nothing new comes in`);

  const unrouted = plan.nodes.filter((n) => {
    const path = `talos/${n.name}.yaml`;
    return !artifacts.has(path) || !routesViaBastion(plan, artifacts.yamlAll(path));
  });
  if (unrouted.length > 0)
    problems.push(
      `IPv4 NAT: node configs without a 0.0.0.0/0 route via ${plan.bastion.address} below metric ${DHCP_ROUTE_METRIC}: ` +
        unrouted.map((n) => n.name).join(", "),
    );
  else ok.push(`IPv4 NAT: every node config routes 0.0.0.0/0 via the bastion ${plan.bastion.address}`);
  return { problems, ok };
}

export default defineCheck(import.meta.url, {
  test: "T01",
  title: "Every path the nodes need to the outside exists without a public IPv4",
  given: "a spec with target aws (nodes have no public IPv4 and there is no NAT gateway)",
  when: "the AWS stack, the bastion bundle and the machine configs are rendered, or the stack is deployed",
  then:
    "time comes from Amazon Time Sync (169.254.169.123); images come through the bastion's caches, open to the lab " +
    "subnet; with network.ipv6 the nodes get an IPv6 address, may send IPv6 anywhere and the subnet routes ::/0 to " +
    "the internet gateway; with bastion.nat the bastion is the nodes' IPv4 NAT instance (static ENI without " +
    "source/dest check, a public IPv4, ip_forward and a masquerade + forward ruleset, every node's 0.0.0.0/0 via the " +
    "bastion); with bastion.nat off the check says IPv4-only destinations are unreachable and fails when the GitOps " +
    "tree names one (github.com, ghcr.io)",
  why:
    "Without a public IPv4 or a NAT, a node that lacks one of these paths cannot set its clock, pull an image or reach " +
    "the Talos image factory, and the cluster never comes up. Flux clones and pulls outside containerd, so the " +
    "registry caches do not help it: github.com and ghcr.io have no IPv6, and without the NAT instance the GitOps " +
    "tree that names them never reconciles. That is a failure, not a note: a lab that cannot reconcile is not up " +
    "(acknowledge it with a reason if the fleet repository and charts are served inside the lab).",
  plan: ({ plan, artifacts }) => {
    if (plan.target !== "aws") return notApplicable(`target ${plan.target} has no AWS stack`);
    const facts = planFacts(plan, artifacts);
    if (!facts) return notApplicable("aws/template.json was not rendered");
    const a = judgeLab(plan, facts);
    const b = judgeRendered(plan, artifacts);
    return verdict([...a.problems, ...b.problems], [...a.ok, ...b.ok]);
  },
  live: async (t) => {
    if (t.plan.target !== "aws") return notApplicable(`target ${t.plan.target} has no AWS stack`);
    return withPort(t, "aws", async (aws) => {
      const a = judgeLab(t.plan, await aws.describeLab(t.plan.lab));
      if (t.plan.bastion.nat)
        a.ok.push("IPv4 NAT: the bastion's forwarding and masquerade and the nodes' routes are proven in plan mode");
      return verdict(a.problems, a.ok);
    });
  },
});
