// The architecture as a graph model (ts-graphviz objects, serialized to DOT by the library): the network and its
// subnet, the bastion with each service and port, the nodes by group with their addresses, and the edges of the
// boot chain, the image caches, the GitOps flow and the exposure model. Graphviz lays it out (layout.ts); nothing
// here places coordinates. Node names are stable ids (a plan node's name, svc-<service>) so tests and readers can
// find every box in the SVG by its id.
import { Digraph, Edge, Node, Subgraph, toDot } from "ts-graphviz";
import type { Plan, PlanNode } from "../../plan/types.ts";
import { bastionServices } from "../../render/bastion/services.ts";
import type { Exposure } from "../exposure.ts";

/** Colours with at least 4.5:1 contrast on white (the labels sit on these lines). */
const INK = "#1f2933";
const BOOT = "#1d4ed8";
const CACHE = "#0f766e";
const GITOPS = "#7c3aed";
const EXPOSE = "#b91c1c";
// Graphviz measures text with its built-in Arial metrics (the WebAssembly build has no font files); browsers
// draw Arial or a metric-compatible face (Liberation Sans on Linux), so labels fit their boxes.
const FONT = "Arial";

export const svcId = (name: string): string => `svc-${name}`;

function nodeBox(n: PlanNode, target: Plan["target"]): Node {
  const lines = [
    n.name,
    `${n.role} · ${n.group}`,
    n.address,
    ...(n.mac ? [n.mac] : []),
    // The instance type means something on AWS only; at home the node is whatever machine has that MAC.
    ...(target === "aws" ? [`${n.instanceType}${n.purchase === "spot" ? " (spot)" : ""}`] : []),
  ];
  return new Node(n.name, {
    id: n.name,
    label: lines.join("\n"),
    shape: "box",
    style: "rounded,filled",
    fillcolor: n.role === "controlplane" ? "#dbeafe" : "#e0f2fe",
    color: INK,
  });
}

function portsLabel(ports: readonly { port: number; protocol: string }[]): string {
  return ports.map((p) => `:${p.port}/${p.protocol}`).join(" ");
}

function netLabel(plan: Plan): string {
  if (plan.target === "aws")
    return `AWS ${plan.region} · VPC ${plan.network.cidr}${plan.network.ipv6 ? " + IPv6 /56" : ""}`;
  if (plan.target === "home") return `home LAN ${plan.network.cidr} · router ${plan.network.gateway}`;
  return `rehearsal network namespace ${plan.network.cidr} · bridge ${plan.network.gateway}`;
}

type EdgeAttrs = Record<string, string | boolean>;
type AddEdge = (from: string, to: string, attrs: EdgeAttrs) => void;

/** The diagram's graph model for a plan and its exposure: boxes first, then the edges of each flow. */
export function architectureGraph(plan: Plan, exposure: Exposure): Digraph {
  const g = new Digraph("moonlab", {
    rankdir: "TB",
    compound: true,
    fontname: FONT,
    fontsize: 12,
    nodesep: 0.25,
    ranksep: 0.6,
    label: `moonlab lab ${plan.lab} (${plan.target}, ${plan.arch}): Talos ${plan.talos.version}, CozyStack ${plan.cozystack.version}`,
    labelloc: "t",
  });
  g.attributes.node.apply({ fontname: FONT, fontsize: 11, color: INK, fontcolor: INK });
  g.attributes.edge.apply({ fontname: FONT, fontsize: 10, color: INK, fontcolor: INK });

  g.addSubgraph(outsideCluster(plan));
  const net = new Subgraph("cluster_net", { label: netLabel(plan), color: INK });
  g.addSubgraph(net);
  const subnet = new Subgraph("cluster_subnet", {
    label: `subnet ${plan.network.subnet}${plan.target === "aws" ? "" : ` · DHCP ${plan.network.dhcp.mode}`}`,
    color: "#52606d",
  });
  net.addSubgraph(subnet);
  const svcNames = addBastion(subnet, plan);
  addNodeGroups(subnet, plan);

  const edge: AddEdge = (from, to, attrs) => {
    g.addEdge(new Edge([{ id: from }, { id: to }], attrs));
  };
  const anyNode = (group: "gateway" | "compute") => plan.nodes.find((n) => n.group === group)?.name;
  const cp = anyNode("gateway") ?? plan.nodes[0]?.name ?? "";
  const worker = anyNode("compute") ?? cp;
  bootEdges(edge, plan, cp, worker, svcNames.includes("dnsmasq"));
  cacheEdges(edge, plan, worker);
  // GitOps: Flux in the cluster pulls the fleet repository.
  edge("fleet", cp, {
    lhead: "cluster_gateway",
    dir: "back",
    label: `GitOps: Flux (${plan.gitops.sourceNamespace}/${plan.gitops.sourceName}) pulls ${plan.gitops.branch}`,
    color: GITOPS,
    fontcolor: GITOPS,
    style: "dashed",
  });
  exposureEdges(edge, plan, exposure, svcNames[0] ? svcId(svcNames[0]) : svcId("matchbox"), cp);
  return g;
}

/** Outside the lab: who and what talks to it. */
function outsideCluster(plan: Plan): Subgraph {
  const outside = new Subgraph("cluster_outside", { label: "outside the lab", style: "dashed", color: "#52606d" });
  const box = (id: string, label: string) => new Node(id, { id, shape: "box", style: "rounded", label });
  outside.addNode(
    box(
      "operator",
      plan.target === "aws"
        ? `operator (moonlab CLI)\n${plan.bastion.sshSources.length > 0 ? `SSH from ${plan.bastion.sshSources.join(", ")}` : plan.bastion.ssm ? "SSM Session Manager, no SSH" : "no SSH source"}`
        : `operator on the LAN\nSSH ${plan.bastion.sshUser}@${plan.bastion.address}`,
    ),
  );
  outside.addNode(box("internet", "the internet"));
  outside.addNode(box("upstreams", `upstream registries\n${plan.caches.map((c) => c.upstream).join("\n")}`));
  outside.addNode(
    box("fleet", `GitOps fleet repository\n${plan.gitops.repo}\n${plan.gitops.branch} · ${plan.gitops.path}`),
  );
  return outside;
}

/** The bastion and its services (caches in their own box); returns the service names in order. */
function addBastion(subnet: Subgraph, plan: Plan): string[] {
  const bastion = new Subgraph("cluster_bastion", {
    label: `bastion ${plan.bastion.name} · ${plan.bastion.address}${plan.target === "aws" ? ` · ${plan.bastion.instanceType}${plan.bastion.nat ? " · IPv4 NAT" : ""}` : ""}`,
    style: "filled",
    fillcolor: "#f5f7fa",
    color: INK,
  });
  subnet.addSubgraph(bastion);
  const caches = new Subgraph("cluster_caches", {
    label: "pull-through caches",
    style: "filled",
    fillcolor: "#ecfdf5",
    color: CACHE,
  });
  bastion.addSubgraph(caches);
  const services = bastionServices(plan);
  for (const s of services) {
    const name = s.role === "cache" ? s.name.replace(/^cache-/, "") : s.name;
    const n = new Node(svcId(s.name), {
      id: svcId(s.name),
      label: `${name}\n${portsLabel(s.listens)}`,
      shape: "box",
      style: "filled",
      fillcolor: "#ffffff",
    });
    (s.role === "cache" ? caches : bastion).addNode(n);
  }
  return services.map((s) => s.name);
}

/** The node groups with their members, and the MetalLB pool when the plan has one. */
function addNodeGroups(subnet: Subgraph, plan: Plan): void {
  for (const group of ["gateway", "compute"] as const) {
    const members = plan.nodes.filter((n) => n.group === group);
    const sg = new Subgraph(`cluster_${group}`, {
      label: `${group} group (${members.length})\nextensions: ${plan.groups[group].extensions.map((e) => e.replace(/^siderolabs\//, "")).join(", ") || "none"}`,
      color: BOOT,
    });
    subnet.addSubgraph(sg);
    for (const m of members) sg.addNode(nodeBox(m, plan.target));
  }
  const pool = plan.network.loadBalancerPool;
  if (pool) {
    subnet.addNode(
      new Node("lb-pool", {
        id: "lb-pool",
        shape: "box",
        style: "dashed",
        label: `MetalLB pool\n${pool.start} - ${pool.end}`,
      }),
    );
  }
}

/** The boot chain: PXE (home/local) or the iPXE AMI (AWS), then matchbox. */
function bootEdges(edge: AddEdge, plan: Plan, cp: string, worker: string, pxe: boolean): void {
  const boot = { color: BOOT, fontcolor: BOOT, penwidth: "1.6" };
  const matchbox = svcId("matchbox");
  if (pxe) {
    edge(cp, svcId("dnsmasq"), {
      ltail: "cluster_gateway",
      label: `1 PXE: ${plan.network.dhcp.mode === "proxy" ? "proxy-DHCP" : "DHCP"}, TFTP iPXE`,
      ...boot,
    });
    edge(worker, matchbox, {
      ltail: "cluster_compute",
      label: "2 iPXE -> matchbox: profile, Talos kernel + initramfs, machine config",
      ...boot,
    });
  } else {
    edge(cp, matchbox, { ltail: "cluster_gateway", label: "1 iPXE AMI user-data chains to matchbox", ...boot });
    edge(worker, matchbox, {
      ltail: "cluster_compute",
      label: "2 profile, Talos kernel + initramfs, machine config",
      ...boot,
    });
  }
}

/** Image pulls go through the caches; the caches pull from upstream. */
function cacheEdges(edge: AddEdge, plan: Plan, worker: string): void {
  const firstCache = plan.caches[0];
  if (!firstCache) return;
  edge(worker, svcId(firstCache.name), {
    ltail: "cluster_compute",
    lhead: "cluster_caches",
    label: "3 image pulls (Talos registry mirrors)",
    color: CACHE,
    fontcolor: CACHE,
  });
  // Drawn upstreams -> caches with the arrow turned back so the layout keeps the outside world on top.
  edge("upstreams", svcId(firstCache.name), {
    lhead: "cluster_caches",
    dir: "back",
    label: "pull-through, cached on the bastion",
    color: CACHE,
    fontcolor: CACHE,
  });
}

/** Exposure: the operator's way in, and the internet's (none unless the facts say otherwise). */
function exposureEdges(edge: AddEdge, plan: Plan, exposure: Exposure, firstSvc: string, cp: string): void {
  edge("operator", firstSvc, {
    lhead: "cluster_bastion",
    label:
      plan.target === "aws"
        ? plan.bastion.sshSources.length > 0
          ? `SSH :22 from ${plan.bastion.sshSources.join(", ")}`
          : plan.bastion.ssm
            ? "SSM (bastion dials out; no inbound)"
            : "no way in"
        : "SSH :22 on the LAN",
    color: EXPOSE,
    fontcolor: EXPOSE,
  });
  const internetOpen = exposure.reaches.some((r) => r.from.startsWith("the internet"));
  edge("internet", plan.target === "aws" ? firstSvc : cp, {
    lhead: plan.target === "aws" ? "cluster_bastion" : "cluster_gateway",
    label: internetOpen
      ? "OPEN from the internet"
      : plan.target === "aws"
        ? "no inbound (T09)"
        : "no inbound: the router forwards no port",
    color: EXPOSE,
    fontcolor: EXPOSE,
    style: internetOpen ? "solid" : "dotted",
    arrowhead: internetOpen ? "normal" : "tee",
  });
}

export function architectureDot(plan: Plan, exposure: Exposure): string {
  return toDot(architectureGraph(plan, exposure));
}
