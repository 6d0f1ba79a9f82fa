// The exposure model: what is reachable from where. On AWS it is read from the rendered template's security groups
// (the same facts T09 judges, src/render/aws/read.ts), so the picture cannot claim less exposure than the template
// has; at home and in the rehearsal it is the bastion's nftables fence (src/render/bastion/firewall.ts) over the
// services it runs, and the LAN around it.
import type { ArtifactTree } from "../artifacts/tree.ts";
import type { Plan } from "../plan/types.ts";
import type { LiveRule } from "../ports/aws.ts";
import { planFacts } from "../render/aws/read.ts";
import { bastionServices } from "../render/bastion/services.ts";

export interface Reach {
  /** Who can open the connection: "the lab subnet 10.10.0.0/24", "the internet", "operator 203.0.113.7/32". */
  readonly from: string;
  /** What it reaches: "bastion", "nodes". */
  readonly to: string;
  /** "tcp 8080", "udp 53", "all". */
  readonly ports: string;
  readonly what: string;
  /** Where this fact comes from (the template's security group, the firewall). */
  readonly source: string;
}

export interface Exposure {
  readonly reaches: readonly Reach[];
  /** Statements about what is NOT reachable, each backed by the facts above. */
  readonly closed: readonly string[];
}

const OPEN_WORLD = new Set(["0.0.0.0/0", "::/0"]);

function portsOf(r: LiveRule): string {
  if (r.protocol === "-1") return "all";
  if (r.fromPort === undefined) return r.protocol;
  return r.fromPort === r.toPort || r.toPort === undefined
    ? `${r.protocol} ${r.fromPort}`
    : `${r.protocol} ${r.fromPort}-${r.toPort}`;
}

function awsExposure(plan: Plan, artifacts: ArtifactTree): Exposure {
  const facts = planFacts(plan, artifacts);
  if (!facts) return { reaches: [], closed: ["the AWS template was not rendered: no exposure facts"] };
  const holder = (sg: string) => (/bastion/i.test(sg) ? "bastion" : /node/i.test(sg) ? "nodes" : sg);
  const from = (source: string) => {
    if (source === plan.network.subnet) return `the lab subnet ${source}`;
    if (OPEN_WORLD.has(source)) return `the internet (${source})`;
    if (source.startsWith("sg:")) return `members of ${holder(source.slice(3))}`;
    if (plan.bastion.sshSources.includes(source)) return `operator ${source}`;
    return source;
  };
  const reaches = facts.securityGroups.flatMap((sg) =>
    sg.ingress.map((r) => ({
      from: from(r.source),
      to: holder(sg.name),
      ports: portsOf(r),
      what: r.description ?? "",
      source: `security group ${sg.name} (cloudformation/template.json)`,
    })),
  );
  const open = reaches.filter((r) => r.from.startsWith("the internet"));
  const closed = [
    open.length === 0
      ? "nothing opens from the internet: no ingress rule from 0.0.0.0/0 or ::/0 (T09)"
      : `OPEN TO THE INTERNET: ${open.map((r) => `${r.to} ${r.ports}`).join(", ")}`,
    plan.bastion.sshSources.length === 0
      ? `no SSH ingress at all${plan.bastion.ssm ? ": the operator reaches the bastion through SSM Session Manager (outbound only)" : ""}`
      : `SSH only from ${plan.bastion.sshSources.join(", ")}`,
    "nodes have no public IPv4; their IPv6 is egress-only by security group (no ingress rule from ::/0)",
    plan.bastion.nat
      ? "the bastion masquerades the subnet's IPv4 out (NAT instance) and lets only answers back in"
      : "the bastion is not a NAT: nodes reach IPv6 destinations and the bastion's caches only",
  ];
  return { reaches, closed };
}

function lanExposure(plan: Plan): Exposure {
  const lan = `the LAN ${plan.network.subnet}`;
  const fence = "the bastion's nftables fence (bastion/firewall.nft)";
  const reaches: Reach[] = bastionServices(plan).flatMap((s) =>
    s.listens.map((l) => ({
      from: [67, 68, 4011].includes(l.port) ? `${lan} (broadcast)` : lan,
      to: "bastion",
      ports: `${l.protocol} ${l.port}`,
      what: l.purpose,
      source: fence,
    })),
  );
  reaches.push(
    {
      from: lan,
      to: "nodes",
      ports: "tcp 50000",
      what: "Talos API (mutual TLS, talosconfig)",
      source: "Talos machine config",
    },
    { from: lan, to: "nodes", ports: "tcp 6443", what: "Kubernetes API (kubeconfig)", source: "Talos machine config" },
  );
  if (plan.network.loadBalancerPool)
    reaches.push({
      from: lan,
      to: "load balancer pool",
      ports: `${plan.network.loadBalancerPool.start}-${plan.network.loadBalancerPool.end}`,
      what: "MetalLB L2 addresses of LoadBalancer services (the demo app)",
      source: "gitops MetalLB IPAddressPool",
    });
  return {
    reaches: reaches.sort((a, b) => (a.to + a.ports < b.to + b.ports ? -1 : a.to + a.ports > b.to + b.ports ? 1 : 0)),
    closed: [
      `the bastion's services drop every IPv4 source outside ${plan.network.subnet} and all IPv6 (${fence})`,
      "nothing is forwarded from the internet: the home router publishes no port for the lab",
    ],
  };
}

export function exposureOf(plan: Plan, artifacts: ArtifactTree): Exposure {
  return plan.target === "aws" ? awsExposure(plan, artifacts) : lanExposure(plan);
}
