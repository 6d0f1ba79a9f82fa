import { tailscaleRoutes } from "../../render/talos/machine-config.ts";
import { docsOfKind } from "../../render/talos/read.ts";
import { defineCheck, verdict } from "../check.ts";
import { withPort } from "../need-port.ts";
import { judgeEachNodeConfig } from "../node-configs.ts";

export default defineCheck(import.meta.url, {
  test: "C03",
  title: "Tailscale is configured on the gateway node only, routing the lab, pod and service CIDRs",
  given: "each node's rendered machine config (plan) or the running nodes' services (live)",
  when: "the tailscale ExtensionServiceConfig documents (plan) or ext-tailscale services (live) are looked up",
  then: "only gateway nodes carry it, with TS_ROUTES = lab subnet, pod CIDR, service CIDR and their hostname; live: ext-tailscale runs on the gateway only",
  why: "Tailscale on every node kept the original lab's nodes from ever becoming Ready; the routes make the lab reachable from the tailnet.",
  plan: ({ plan, artifacts }) => {
    const routes = tailscaleRoutes(plan).join(",");
    const wantTs = plan.groups.gateway.extensions.includes("siderolabs/tailscale");
    return judgeEachNodeConfig(plan, artifacts, (c, p) => {
      const ts = docsOfKind(c, "ExtensionServiceConfig").filter((d) => d.name === "tailscale");
      if (c.node.group !== "gateway") {
        if (ts.length > 0) p(`tailscale configured on ${c.node.group} node ${c.node.name}`);
        else return `${c.node.name} (${c.node.group}): no tailscale`;
        return undefined;
      }
      if (!wantTs) return undefined;
      if (ts.length !== 1) {
        p(`expected one tailscale ExtensionServiceConfig, found ${ts.length}`);
        return undefined;
      }
      const env = (ts[0]?.environment as string[] | undefined) ?? [];
      if (!env.includes(`TS_ROUTES=${routes}`)) p(`TS_ROUTES is not ${routes}`);
      if (!env.includes(`TS_HOSTNAME=${c.node.hostname}`)) p(`TS_HOSTNAME is not ${c.node.hostname}`);
      return `${c.node.name} (gateway): TS_ROUTES=${routes}${env.some((e) => e.startsWith("TS_AUTHKEY=")) ? ", auth key set" : ", no auth key (interactive login)"}`;
    });
  },
  live: (t) =>
    withPort(t, "talos", async (talos) => {
      const problems: string[] = [];
      const ok: string[] = [];
      for (const node of t.plan.nodes) {
        const services = await talos.services(node.address);
        const state = services["ext-tailscale"];
        if (node.group === "gateway" && state !== "Running")
          problems.push(`${node.name}: ext-tailscale is ${state ?? "absent"}, expected Running`);
        if (node.group !== "gateway" && state !== undefined)
          problems.push(`${node.name} (${node.group}): ext-tailscale present (${state})`);
        ok.push(`${node.name}: ext-tailscale ${state ?? "absent"}`);
      }
      return verdict(problems, ok);
    }),
});
