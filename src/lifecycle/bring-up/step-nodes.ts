// Steps 4 and 5: the nodes are started, then each is seen booting: its Talos API answers through the bastion with
// the lab's talosconfig (so it booted the kernel matchbox served and took the machine config the bastion holds).
import type { GraphStep, Probe } from "../step-graph.ts";
import { type BringUpContext, waitFor } from "./context.ts";
import { lastLine, talosctl } from "./talos.ts";

async function nodesRunning(ctx: BringUpContext): Promise<Probe & { readonly missing: readonly string[] }> {
  const states = await ctx.machines.nodes();
  const missing = ctx.plan.nodes.map((n) => n.name).filter((n) => !states[n]?.running);
  const detail = ctx.plan.nodes.map((n) => `${n.name} ${states[n.name]?.detail ?? "absent"}`).join(", ");
  return { done: missing.length === 0, evidence: detail, missing };
}

export async function nodesAnswering(ctx: BringUpContext): Promise<Probe> {
  const lines: string[] = [];
  let all = true;
  for (const n of ctx.plan.nodes) {
    const r = await talosctl(ctx, n.address, ["version", "--short"], 20_000);
    if (r.code !== 0) all = false;
    lines.push(`${n.name} ${n.address}:50000 ${r.code === 0 ? "answers" : `does not answer (${lastLine(r)})`}`);
  }
  return { done: all, evidence: lines.join("; ") };
}

/** AWS: instances from the launch templates; home: Wake-on-LAN (or by hand), done once every node answers. */
export function nodesStep(kind: "aws" | "home"): GraphStep<BringUpContext> {
  if (kind === "home")
    return {
      id: "nodes",
      title: "nodes powered on",
      fix:
        "power the nodes on by hand, or enable Wake-on-LAN in their firmware and pass --wol-broadcast; check that " +
        "they PXE-boot from the bastion (dnsmasq log on the bastion)",
      isDone: (ctx) => nodesAnswering(ctx),
      async run(ctx) {
        const names = ctx.plan.nodes.map((n) => n.name);
        const sent = await ctx.machines.startNodes(names);
        const up = await waitFor(ctx, "nodes", "the nodes to answer", () => nodesAnswering(ctx));
        return `${sent}; ${up}`;
      },
    };
  return {
    id: "nodes",
    title: "nodes started",
    fix: "`moonlab status` lists the node instances; Spot capacity may be short: retry, or set purchase on-demand",
    isDone: (ctx) => nodesRunning(ctx),
    async run(ctx) {
      const missing = (await nodesRunning(ctx)).missing;
      const did = await ctx.machines.startNodes(missing);
      const up = await waitFor(ctx, "nodes", "the node instances to run", () => nodesRunning(ctx));
      return `${did}; ${up}`;
    },
  };
}

export const bootingStep: GraphStep<BringUpContext> = {
  id: "booting",
  title: "each node seen booting (Talos API answering through the bastion)",
  fix:
    "read the node's serial console (`aws ec2 get-console-output --instance-id ID` on AWS) and matchbox's log on " +
    "the bastion: a node that never asked matchbox did not netboot, one that asked but does not answer did not " +
    "get its machine config (run `moonlab bastion push`)",
  isDone: (ctx) => nodesAnswering(ctx),
  run: (ctx) => waitFor(ctx, "booting", "every node's Talos API", () => nodesAnswering(ctx)),
};
