// Steps 5 and 6: the nodes are started, then each is seen booting: its Talos API answers through the bastion with
// the lab's talosconfig (so it booted the kernel matchbox served and took the machine config the bastion holds).
import { selectorQuery } from "../../render/bastion/matchbox.ts";
import { findService, serviceLog } from "../../render/bastion/read.ts";
import { bastionServices } from "../../render/bastion/services.ts";
import type { GraphStep, Probe } from "../step-graph.ts";
import { type BringUpContext, waitFor } from "./context.ts";
import { lastLine, talosctl } from "./talos.ts";

async function nodesRunning(ctx: BringUpContext): Promise<Probe & { readonly missing: readonly string[] }> {
  const states = await ctx.machines.nodes();
  const missing = ctx.plan.nodes.map((n) => n.name).filter((n) => !states[n]?.running);
  const detail = ctx.plan.nodes.map((n) => `${n.name} ${states[n.name]?.detail ?? "absent"}`).join(", ");
  return { done: missing.length === 0, evidence: detail, missing };
}

/**
 * Which nodes matchbox has seen ask for their iPXE script or machine config (its log holds each request's URL with
 * the node's selector). Evidence for a node whose API does not answer yet: "never asked" means it did not netboot.
 */
export async function matchboxSeen(ctx: BringUpContext): Promise<ReadonlySet<string>> {
  const svc = findService(bastionServices(ctx.plan), "matchbox");
  if (!svc) return new Set();
  const log = await serviceLog(ctx.bastion, svc);
  const seen = new Set<string>();
  for (const n of ctx.plan.nodes) {
    const q = selectorQuery(n.selector);
    if ([q, decodeURIComponent(q)].some((x) => log.includes(`/ipxe?${x}`) || log.includes(`/generic?${x}`)))
      seen.add(n.name);
  }
  return seen;
}

export async function nodesAnswering(ctx: BringUpContext): Promise<Probe> {
  const lines: string[] = [];
  const silent: string[] = [];
  for (const n of ctx.plan.nodes) {
    const r = await talosctl(ctx, n.address, ["version", "--short"], 20_000);
    if (r.code !== 0) silent.push(n.name);
    lines.push(`${n.name} ${n.address}:50000 ${r.code === 0 ? "answers" : `does not answer (${lastLine(r)})`}`);
  }
  if (silent.length > 0) {
    const seen = await matchboxSeen(ctx).catch(() => undefined);
    if (seen)
      lines.push(
        `matchbox: ${silent.map((n) => `${n} ${seen.has(n) ? "asked for its boot script or config" : "never asked"}`).join(", ")}`,
      );
  }
  return { done: silent.length === 0, evidence: lines.join("; ") };
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
