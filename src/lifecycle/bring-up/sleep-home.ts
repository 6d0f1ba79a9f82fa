// `moonlab sleep` at home: the inverse of the home wake. Workers first, the control plane last, each node is shut
// down through its Talos API (`talosctl shutdown`); a node whose API does not answer is already off, so a second
// sleep is a no-op. The bastion stays up (it is yours and serves the next netboot).
import { LabError } from "../../errors.ts";
import type { BringUpContext } from "./context.ts";
import { lastLine, talosctl } from "./talos.ts";

export interface NodeSleep {
  readonly name: string;
  readonly action: string;
}

export async function shutdownNodes(ctx: BringUpContext): Promise<NodeSleep[]> {
  const order = [
    ...ctx.plan.nodes.filter((n) => n.role !== "controlplane"),
    ...ctx.plan.nodes.filter((n) => n.role === "controlplane"),
  ];
  const out: NodeSleep[] = [];
  for (const n of order) {
    const v = await talosctl(ctx, n.address, ["version", "--short"], 20_000);
    if (v.code !== 0) {
      out.push({ name: n.name, action: `already off (${lastLine(v)})` });
      continue;
    }
    // --wait=false: the API goes away with the node, so waiting on it only ends in a timeout.
    const r = await talosctl(ctx, n.address, ["shutdown", "--wait=false"], 60_000);
    if (r.code !== 0) throw new LabError(`talosctl shutdown on ${n.name} (${n.address}) failed: ${lastLine(r)}`, 1);
    out.push({ name: n.name, action: "shutdown sent" });
    ctx.log(`node ${n.name} ${n.address}: shutdown sent`);
  }
  return out;
}
