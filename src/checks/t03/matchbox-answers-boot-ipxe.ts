import { readServices } from "../../render/bastion/read.ts";
import { defineCheck, verdict } from "../check.ts";
import { withPort } from "../need-port.ts";

export default defineCheck(import.meta.url, {
  test: "T03",
  title: "matchbox listens on its port and answers /boot.ipxe",
  given: "a plan with the bastion's matchbox",
  when: "the bundle is rendered (plan) or the bastion runs (live)",
  then: "matchbox is configured on the plan's matchbox port; live, GET <matchbox>/boot.ipxe answers 200 with an iPXE script that chains to /ipxe",
  why: "Every node's boot starts with this script: home nodes get it from dnsmasq, AWS nodes chain to it from the iPXE AMI.",
  plan: ({ plan, artifacts }) => {
    const s = readServices(artifacts).services.find((x) => x.name === "matchbox");
    const port = plan.services.matchbox.port;
    if (s?.kind !== "container") return verdict(["matchbox is not a rendered container service"], []);
    const problems: string[] = [];
    if (!s.args.includes(`-address=0.0.0.0:${port}`))
      problems.push(`matchbox args ${s.args.join(" ")} do not listen on :${port}`);
    if (!s.mounts.some((m) => m.container === "/var/lib/matchbox"))
      problems.push("matchbox has no data dir mounted at /var/lib/matchbox");
    return verdict(problems, [`matchbox ${s.image} on :${port}, data dir mounted`]);
  },
  live: (t) =>
    withPort(t, "http", async (http) => {
      const url = `${t.plan.services.matchbox.url}/boot.ipxe`;
      const r = await http.get(url, { timeoutMs: 5000 });
      const problems: string[] = [];
      if (r.status !== 200) problems.push(`GET ${url} -> ${r.status} (want 200)`);
      else if (!r.body.startsWith("#!ipxe") || !r.body.includes("chain ipxe?"))
        problems.push(`GET ${url} is not matchbox's iPXE script: ${JSON.stringify(r.body.slice(0, 80))}`);
      return verdict(problems, [`GET ${url} -> 200, #!ipxe chaining to /ipxe`]);
    }),
});
