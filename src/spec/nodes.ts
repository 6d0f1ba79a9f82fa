// Resolves the spec's node section (counts or an explicit list) into one node list with addresses:
// nodes without an address take the next free address after the bastion, in order.
import { intToIp, ipToInt, isIpv4, parseCidr } from "../lib/ipv4.ts";
import type { NodeSpec, Spec } from "./schema.ts";

export interface ResolvedNode {
  readonly name: string;
  readonly role: "controlplane" | "worker";
  readonly group: "gateway" | "compute";
  readonly address: string;
  readonly instanceType: string;
  readonly installDisk: string;
  readonly purchase: "on-demand" | "spot";
  readonly volumeGb: number;
  readonly mac?: string;
  /** index in spec.nodes when the spec lists nodes; undefined for counts. */
  readonly specIndex?: number;
}

const DEFAULT_INSTANCE: Record<Spec["arch"], string> = { arm64: "t4g.2xlarge", amd64: "t3.2xlarge" };

export function expandNodes(spec: Spec): NodeSpec[] {
  if (Array.isArray(spec.nodes)) return spec.nodes;
  const c = spec.nodes;
  const list: NodeSpec[] = [];
  for (let i = 1; i <= c.gateway; i++)
    list.push({ name: `${spec.name}-gateway-${i}`, role: "worker", group: "gateway" });
  for (let i = 1; i <= c.compute; i++)
    list.push({ name: `${spec.name}-compute-${i}`, role: "worker", group: "compute" });
  return list.map((n, i) => ({
    ...n,
    role: i < c.controlPlanes ? "controlplane" : "worker",
    instanceType: c.instanceType,
    installDisk: c.installDisk,
    purchase: c.purchase[n.group],
    volumeGb: c.volumeGb,
  }));
}

/** Node list with every address assigned. Addresses that do not parse are kept as written (validation reports them). */
export function resolveNodes(spec: Spec): ResolvedNode[] {
  const nodes = expandNodes(spec);
  const listed = Array.isArray(spec.nodes);
  const used = new Set<number>();
  for (const n of nodes) if (n.address && isIpv4(n.address)) used.add(ipToInt(n.address));
  if (isIpv4(spec.bastion.address)) used.add(ipToInt(spec.bastion.address));
  const subnet = parseCidr(spec.network.subnet);
  let next = isIpv4(spec.bastion.address) ? ipToInt(spec.bastion.address) + 1 : subnet ? subnet.network + 4 : 0;
  const defaults = Array.isArray(spec.nodes) ? undefined : spec.nodes;
  return nodes.map((n, i) => {
    let address = n.address;
    if (address === undefined) {
      while (used.has(next)) next++;
      address = intToIp(next);
      used.add(next);
    }
    return {
      name: n.name,
      role: n.role,
      group: n.group,
      address,
      instanceType: n.instanceType ?? DEFAULT_INSTANCE[spec.arch],
      installDisk: n.installDisk ?? defaults?.installDisk ?? (spec.target === "aws" ? "/dev/nvme0n1" : "/dev/sda"),
      purchase: n.purchase ?? "on-demand",
      volumeGb: n.volumeGb ?? defaults?.volumeGb ?? 50,
      ...(n.mac !== undefined ? { mac: n.mac } : {}),
      ...(listed ? { specIndex: i } : {}),
    };
  });
}

/** Spec path of a node field, for issues: `nodes[1].mac` for a listed node, `nodes` for counts. */
export function nodePath(n: ResolvedNode, field?: string): string {
  if (n.specIndex === undefined) return "nodes";
  return field ? `nodes[${n.specIndex}].${field}` : `nodes[${n.specIndex}]`;
}
