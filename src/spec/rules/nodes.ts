// Node identity: unique names and MACs, MACs where the target boots by MAC, exactly one gateway, a control plane.
import { macIssue } from "../field-formats.ts";
import { issue, type SpecIssue } from "../issue.ts";
import { nodePath, resolveNodes } from "../nodes.ts";
import type { Rule } from "./rule.ts";

/** Lowercase colon form, as matchbox normalizes `mac` labels. */
export function normalizeMac(mac: string): string {
  return mac.toLowerCase().replace(/-/g, ":");
}

export const nodesRule: Rule = (spec) => {
  // Counts on a target that boots by MAC: one clear error, not one unfixable "MAC missing" per counted node.
  if (!Array.isArray(spec.nodes) && spec.target !== "aws")
    return [
      issue("node.counts-need-list", "nodes", `target ${spec.target} selects nodes by MAC, so nodes must be listed`, {
        received: "node counts",
        fix: "list the nodes with name, role, group and mac (see examples/home.lab.yaml)",
      }),
    ];
  const out: SpecIssue[] = [];
  const nodes = resolveNodes(spec);
  const names = new Map<string, string>();
  const macs = new Map<string, string>();
  for (const n of nodes) {
    const prev = names.get(n.name);
    if (prev)
      out.push(
        issue("node.duplicate-name", nodePath(n, "name"), `node name already used at ${prev}`, {
          received: n.name,
          fix: "give every node its own name",
        }),
      );
    else names.set(n.name, nodePath(n, "name"));
    if (n.mac === undefined) {
      if (spec.target !== "aws")
        out.push(
          issue(
            "node.mac-missing",
            nodePath(n, "mac"),
            `target ${spec.target} selects nodes by MAC; node ${n.name} has none`,
            {
              fix: "add the MAC address of the node's boot NIC, e.g. mac: 52:54:00:12:34:56",
            },
          ),
        );
      continue;
    }
    const badMac = macIssue(nodePath(n, "mac"), n.mac);
    if (badMac) {
      out.push(badMac);
      continue;
    }
    const norm = normalizeMac(n.mac);
    const prevMac = macs.get(norm);
    if (prevMac)
      out.push(
        issue("node.duplicate-mac", nodePath(n, "mac"), `MAC already used at ${prevMac}`, {
          received: n.mac,
          fix: "each node needs its own boot NIC MAC; matchbox selects the profile by it",
        }),
      );
    else macs.set(norm, nodePath(n, "mac"));
  }
  const gateways = nodes.filter((n) => n.group === "gateway");
  if (gateways.length !== 1)
    out.push(
      issue("node.gateway-count", "nodes", "a lab has exactly one gateway node (it alone runs Tailscale)", {
        received: `${gateways.length} gateway nodes${gateways.length ? ` (${gateways.map((g) => g.name).join(", ")})` : ""}`,
        allowed: "1",
        fix: "set group: gateway on exactly one node (or gateway: 1 in counts)",
      }),
    );
  if (!nodes.some((n) => n.role === "controlplane"))
    out.push(
      issue("node.no-controlplane", "nodes", "no control-plane node", {
        fix: "set role: controlplane on at least one node",
      }),
    );
  return out;
};
