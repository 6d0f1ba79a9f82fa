import { demoEndpoint } from "../../render/gitops/load-balancing.ts";
import { defineCheck, verdict } from "../check.ts";
import { withPort } from "../need-port.ts";

export default defineCheck(import.meta.url, {
  test: "T06",
  title: "The demo app answers / with Hello from Spin and /health with OK",
  given: "a running lab with the demo SpinApp deployed",
  when: "GET / and GET /health are sent to the demo service",
  then: '/ answers 200 with a body containing "Hello from Spin" and /health answers 200 "OK"',
  why: "Ready pods are not the same as a working app; this is what a user of the lab sees.",
  live: (t) =>
    withPort(t, "http", async (http) => {
      const ep = demoEndpoint(t.plan);
      const root = ep.url.replace(/\/health$/, "/");
      const problems: string[] = [];
      const ok: string[] = [`via ${ep.via}`];
      const r = await http.get(root, { timeoutMs: 10_000 });
      if (r.status !== 200 || !r.body.includes("Hello from Spin"))
        problems.push(`GET ${root}: ${r.status} ${JSON.stringify(r.body.slice(0, 80))}`);
      else ok.push(`GET ${root}: 200 ${JSON.stringify(r.body.trim().slice(0, 80))}`);
      const h = await http.get(ep.url, { timeoutMs: 10_000 });
      if (h.status !== 200 || h.body.trim() !== "OK")
        problems.push(`GET ${ep.url}: ${h.status} ${JSON.stringify(h.body.slice(0, 80))}`);
      else ok.push(`GET ${ep.url}: 200 OK`);
      return verdict(problems, ok);
    }),
});
