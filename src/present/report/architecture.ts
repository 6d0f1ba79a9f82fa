// The architecture section: the diagram, the nodes with their addresses, the bastion's services with their ports,
// the boot chain, the GitOps flow and the exposure model, as tables beside the picture (text a reader can search).
import type { Element } from "hast";
import { bastionServices } from "../../render/bastion/services.ts";
import { bootChain } from "../boot-chain.ts";
import type { Diagram } from "../diagram/layout.ts";
import type { Exposure } from "../exposure.ts";
import { h, raw, table } from "../html/page.ts";
import type { LabView } from "../lab-view.ts";

export function architectureSection(v: LabView, diagram: Diagram, exposure: Exposure): Element {
  const p = v.plan;
  const nodes = table(
    "Nodes by role and group",
    ["name", "role", "group", "address", p.target === "aws" ? "instance" : "MAC", "install disk"],
    p.nodes.map((n) => [
      h("code", n.name),
      n.role,
      n.group,
      h("code", n.address),
      p.target === "aws" ? `${n.instanceType} (${n.purchase})` : h("code", n.mac ?? ""),
      h("code", n.installDisk),
    ]),
  );
  const services = table(
    `Bastion ${p.bastion.name} at ${p.bastion.address}: services and ports`,
    ["service", "ports", "what for"],
    bastionServices(p).map((s) => [
      h("code", s.name),
      h("code", s.listens.map((l) => `${l.port}/${l.protocol}`).join(", ")),
      [...new Set(s.listens.map((l) => l.purpose))].join("; "),
    ]),
  );
  const caches = table(
    "Pull-through caches (Talos registry mirrors point here)",
    ["upstream", "cache endpoint"],
    p.caches.map((c) => [c.upstream, h("code", c.endpoint)]),
  );
  const exposed = table(
    "Exposure: what is reachable from where",
    ["from", "to", "ports", "what", "fact from"],
    exposure.reaches.map((r) => [r.from, r.to, h("code", r.ports), r.what, r.source]),
  );
  const gitopsFiles = v.artifacts.list("gitops/");
  return h("section", { id: "architecture", "aria-labelledby": "architecture-h" }, [
    h("h2", { id: "architecture-h" }, "Architecture"),
    h("p", [
      `Rendered from the plan of lab ${p.lab} by Graphviz; the same spec draws the same picture. `,
      h("a", { href: "diagram.svg" }, "Open the diagram alone"),
      ".",
    ]),
    h("figure", { class: "diagram" }, [
      h("div", { class: "scroll", tabindex: 0, role: "region", "aria-label": "architecture diagram" }, [
        raw(diagram.inline),
      ]),
      h("figcaption", "Blue: the boot chain. Teal: image pulls through the caches. Violet: GitOps. Red: exposure."),
    ]),
    h("h3", "Network"),
    h("ul", [
      h("li", [
        p.target === "aws"
          ? `VPC ${p.network.cidr}${p.network.ipv6 ? " with an Amazon IPv6 /56" : ""} in ${p.region}`
          : `LAN ${p.network.cidr}, gateway ${p.network.gateway}`,
      ]),
      h("li", `subnet ${p.network.subnet}, DNS ${p.network.dnsServer}, DHCP ${p.network.dhcp.mode}`),
      h("li", `Kubernetes API ${p.talos.endpoint}; pods ${p.kubernetes.podCidr}, services ${p.kubernetes.serviceCidr}`),
      ...(p.network.loadBalancerPool
        ? [h("li", `load balancer pool ${p.network.loadBalancerPool.start} - ${p.network.loadBalancerPool.end}`)]
        : []),
    ]),
    nodes,
    services,
    caches,
    h("h3", { id: "boot-chain" }, "Boot chain"),
    h(
      "ol",
      bootChain(p).map((s) => h("li", [h("strong", s.step), `: ${s.detail}`])),
    ),
    h("h3", { id: "gitops" }, "GitOps flow"),
    h("ol", [
      h("li", ["moonlab renders the fleet tree (", h("code", `${gitopsFiles.length} files under gitops/`), ")"]),
      h("li", [
        h("code", "moonlab gitops push"),
        ` commits it to ${p.gitops.repo}, branch ${p.gitops.branch}, path ${p.gitops.path}`,
      ]),
      h(
        "li",
        `Flux in the cluster (source ${p.gitops.sourceNamespace}/${p.gitops.sourceName}) pulls it and applies CozyStack ${p.cozystack.version} (${p.cozystack.variant}), SpinKube and the demo app`,
      ),
    ]),
    h("h3", { id: "exposure" }, "Exposure model"),
    h(
      "ul",
      exposure.closed.map((c) => h("li", c)),
    ),
    exposed,
  ]);
}
