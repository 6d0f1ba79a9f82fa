// The IPv4 path of a node's connection to an IPv4-only host (github.com:443) through the bastion as NAT instance,
// hop by hop, each judged from what the lab shows (template in plan mode, AWS API in live mode):
//   node security group egress -> (node route via the bastion: machine configs, plan mode) -> the bastion ENI's
//   security groups admit the forwarded packet from the nodes (AWS NAT instance guide: NATSG inbound from the
//   private subnet) -> ENI source/dest check off -> (nftables forward + masquerade: plan mode) -> bastion egress ->
//   the bastion subnet's 0.0.0.0/0 route to the internet gateway.
// A security group drops a packet before the instance's nftables ever sees it, so a ruleset that forwards is not
// enough: every hop must admit the flow.
import { cidrInside, parseCidr } from "../lib/ipv4.ts";
import type { Plan } from "../plan/types.ts";
import type { LiveLab, LiveRule } from "../ports/aws.ts";
import { ROLE_TAG } from "../render/aws/names.ts";
import { covers, emulatorLacks } from "./aws-modes.ts";

export interface Flow {
  readonly host: string;
  readonly protocol: "tcp";
  readonly port: number;
}

/** The flows Flux needs to IPv4-only hosts: HTTPS (git, OCI charts) to each, and SSH when the fleet repo uses it. */
export function ipv4Flows(plan: Plan, hosts: readonly string[]): Flow[] {
  const flows: Flow[] = hosts.map((host) => ({ host, protocol: "tcp", port: 443 }));
  const ssh =
    /^ssh:\/\/(?:[^@/]+@)?([^/:]+)/.exec(plan.gitops.repo)?.[1] ??
    /^[^@\s/]+@([A-Za-z0-9.-]+):/.exec(plan.gitops.repo)?.[1];
  if (ssh && hosts.includes(ssh.toLowerCase())) flows.push({ host: ssh.toLowerCase(), protocol: "tcp", port: 22 });
  return flows;
}

/** Does a rule's CIDR source (or destination, for egress) include every address of the lab subnet / the internet? */
function cidrCovers(rule: LiveRule, inner: string): boolean {
  const outer = parseCidr(rule.source);
  const i = parseCidr(inner);
  return outer !== undefined && i !== undefined && cidrInside(i, outer);
}

const label = (f: Flow) => `IPv4 ${f.host} ${f.protocol}/${f.port}`;

/** Problems along the path of one flow (empty when every hop admits it), and the hops that were judged. */
export function judgeFlow(plan: Plan, lab: LiveLab, flow: Flow): { problems: string[]; hops: string[] } {
  const problems: string[] = [];
  const hops: string[] = [];
  const what = label(flow);
  const nodeGroups = lab.securityGroups.filter((g) => g.tags[ROLE_TAG] === "node");
  const out = (rules: readonly LiveRule[]) =>
    rules.some((r) => covers(r, flow.protocol, flow.port) && cidrCovers(r, "0.0.0.0/0"));

  if (nodeGroups.some((g) => out(g.egress))) hops.push("node egress");
  else problems.push(`${what}: the node security group does not let it out`);

  const eni = lab.networkInterfaces.find((n) => n.privateIp === plan.bastion.address);
  const bastionGroups = lab.securityGroups.filter((g) => g.tags[ROLE_TAG] === "bastion");
  let eniGroups = eni?.securityGroups?.length
    ? lab.securityGroups.filter((g) => eni.securityGroups?.includes(g.id))
    : bastionGroups;
  if (!eniGroups.some((g) => g.tags[ROLE_TAG] === "bastion") && emulatorLacks(lab, "eni-groups-ignored")) {
    eniGroups = bastionGroups;
    hops.push("(ENI groups not modelled by the emulator (moto): the bastion group judged, proven in plan mode)");
  }
  const nodeSources = new Set(nodeGroups.map((g) => `sg:${g.id}`));
  const admitted = eniGroups.some((g) =>
    g.ingress.some(
      (r) => covers(r, flow.protocol, flow.port) && (nodeSources.has(r.source) || cidrCovers(r, plan.network.subnet)),
    ),
  );
  if (admitted) hops.push("bastion ENI admits it from the nodes");
  else
    problems.push(
      `${what}: the bastion ENI's security group (${eniGroups.map((g) => g.id).join(", ") || "none"}) admits no ` +
        `${flow.protocol}/${flow.port} from the node security group or ${plan.network.subnet}, so EC2 drops the ` +
        "nodes' packets before the bastion's nftables sees them (AWS NAT instance guide: the NAT security group " +
        "admits the private subnet's traffic)",
    );

  if (bastionGroups.some((g) => out(g.egress))) hops.push("bastion egress");
  else problems.push(`${what}: the bastion security group does not let it out`);

  let tables = lab.routeTables.filter((rt) => eni !== undefined && rt.subnetIds.includes(eni.subnetId));
  if (tables.length === 0 && emulatorLacks(lab, "no-route-table-association")) {
    const vpc = lab.subnets.find((s) => s.id === eni?.subnetId)?.vpcId;
    tables = lab.routeTables.filter((rt) => rt.vpcId === vpc);
    hops.push("(route table association not recorded by the emulator (moto): the VPC's tables judged)");
  }
  const toIgw = tables.some((rt) =>
    rt.routes.some((r) => r.destination === "0.0.0.0/0" && lab.internetGateways.some((g) => g.id === r.target)),
  );
  if (toIgw) hops.push("0.0.0.0/0 -> internet gateway");
  else problems.push(`${what}: the bastion's subnet has no 0.0.0.0/0 route to the internet gateway`);
  return { problems, hops };
}

/** Every flow judged; one evidence line per passing flow. */
export function judgeFlows(plan: Plan, lab: LiveLab, flows: readonly Flow[]): { problems: string[]; ok: string[] } {
  const problems: string[] = [];
  const ok: string[] = [];
  for (const f of flows) {
    const r = judgeFlow(plan, lab, f);
    problems.push(...r.problems);
    if (r.problems.length === 0) ok.push(`${label(f)}: ${r.hops.join(" -> ")}`);
  }
  return { problems, ok };
}
