// Step 1: the bastion is running and its services answer (matchbox serves boot.ipxe, every registry cache and the
// lab registry answer /v2/), asked from the bastion itself as the nodes will ask.
import { EndpointUnreachableError } from "../../errors.ts";
import type { GraphStep, Probe } from "../step-graph.ts";
import { type BringUpContext, waitFor } from "./context.ts";

export async function servicesHealthy(ctx: BringUpContext): Promise<Probe> {
  const { plan } = ctx;
  const at = plan.bastion.address;
  const urls = [
    { name: "matchbox", url: `http://${at}:${plan.services.matchbox.port}/boot.ipxe`, ok: [200] },
    { name: "registry", url: `http://${at}:${plan.services.registry.port}/v2/`, ok: [200, 401] },
    ...plan.caches.map((c) => ({ name: c.name, url: `http://${at}:${c.port}/v2/`, ok: [200, 401] })),
  ];
  const bad: string[] = [];
  for (const u of urls) {
    try {
      const r = await ctx.http.get(u.url, { timeoutMs: 5000 });
      if (!u.ok.includes(r.status)) bad.push(`${u.name} ${u.url} answered ${r.status}`);
    } catch (e) {
      // No way into the bastion at all is not a service's fault: let it surface as exit 3 (host and port named).
      if (e instanceof EndpointUnreachableError && e.message.startsWith("bastion SSH")) throw e;
      bad.push(`${u.name} ${u.url}: ${(e as Error).message}`);
    }
  }
  return bad.length === 0
    ? { done: true, evidence: `${urls.length} services answer (${urls.map((u) => u.name).join(", ")})` }
    : { done: false, evidence: bad.join("; ") };
}

export function bastionStep(kind: "aws" | "home"): GraphStep<BringUpContext> {
  return {
    id: "bastion",
    title: "bastion running and its services healthy",
    fix:
      kind === "aws"
        ? "look at the bastion's boot with `aws ec2 get-console-output` (cloud-init runs install.sh --systemd) and " +
          "`moonlab status`; the services log through journald (`journalctl -u 'moonlab-*'` on the bastion)"
        : "power the bastion on and start its services (`docker compose up -d` in the bundle directory, see " +
          "docs/bastion.md); `moonlab test --live --bastion-local` names the service that does not answer",
    async isDone(ctx) {
      const m = await ctx.machines.bastion();
      if (!m.running) return { done: false, evidence: `bastion: ${m.detail}` };
      const s = await servicesHealthy(ctx);
      return { done: s.done, evidence: `bastion: ${m.detail}; ${s.evidence}` };
    },
    async run(ctx) {
      const m = await ctx.machines.bastion();
      const started = m.running ? `already ${m.detail}` : await ctx.machines.startBastion();
      const running = await waitFor(ctx, "bastion", "the bastion to run", async () => {
        const b = await ctx.machines.bastion();
        return { done: b.running, evidence: b.detail };
      });
      const healthy = await waitFor(ctx, "bastion", "the bastion's services", () => servicesHealthy(ctx));
      return `${started}; ${running}; ${healthy}`;
    },
  };
}
