import { configUrl, profileOf, selectorQuery } from "../../render/bastion/matchbox.ts";
import { defineCheck, verdict } from "../check.ts";
import { withPort } from "../need-port.ts";

export default defineCheck(import.meta.url, {
  test: "T04",
  title: "The running matchbox gives each node its own profile and machine config, and strangers nothing",
  given: "a lab whose bastion runs matchbox with the pushed machine configs",
  when: "matchbox is asked as each node asks (/ipxe?<selector>, then the talos.config URL)",
  then: "each node's iPXE script loads its group's kernel and its own talos.config URL, which answers 200; an unknown node gets 404",
  why: "A node that gets another node's config joins the cluster with the wrong identity; a stranger must get nothing.",
  live: (t) =>
    withPort(t, "http", async (http) => {
      const { plan } = t;
      const mb = plan.services.matchbox.url;
      const problems: string[] = [];
      const ok: string[] = [];
      for (const n of plan.nodes) {
        const p = profileOf(plan, n);
        const ipxe = await http.get(`${mb}/ipxe?${selectorQuery(n.selector)}`, { timeoutMs: 5000 });
        if (ipxe.status !== 200 || !ipxe.body.includes(`kernel ${p.boot.kernel} `))
          problems.push(`${n.name}: /ipxe answered ${ipxe.status} without its kernel ${p.boot.kernel}`);
        else if (!ipxe.body.includes(`talos.config=${configUrl(plan, n)}`))
          problems.push(`${n.name}: wrong talos.config`);
        const cfg = await http.get(configUrl(plan, n), { timeoutMs: 5000 });
        if (cfg.status !== 200 || cfg.body.trim() === "")
          problems.push(`${n.name}: ${configUrl(plan, n)} -> ${cfg.status}`);
        else ok.push(`${n.name}: profile + machine config served`);
      }
      const stranger = plan.target === "aws" ? "node=not-a-node" : "mac=02:00:00:00:00:00";
      const s = await http.get(`${mb}/ipxe?${stranger}`, { timeoutMs: 5000 });
      if (s.status !== 404) problems.push(`an unknown machine (${stranger}) got ${s.status}, want 404`);
      else ok.push(`unknown machine (${stranger}) -> 404`);
      return verdict(problems, ok);
    }),
});
