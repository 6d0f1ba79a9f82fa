import { demoEndpoint } from "../../render/gitops/load-balancing.ts";
import { defineCheck, verdict } from "../check.ts";
import { withPort } from "../need-port.ts";

export default defineCheck(import.meta.url, {
  test: "T10",
  title: "GET /health through the load-balancing path answers OK",
  given: "a running lab with the demo app deployed from git",
  when: "GET /health is sent to the address the target's load-balancing path gives (MetalLB address, or a node's NodePort) from inside the lab subnet",
  then: 'it answers 200 with the body "OK"',
  why: "Proves the whole chain: git -> Flux -> SpinApp -> Service -> the network path the lab documents.",
  live: (t) =>
    withPort(t, "http", async (http) => {
      const ep = demoEndpoint(t.plan);
      const r = await http.get(ep.url, { timeoutMs: 10_000 });
      const line = `GET ${ep.url} (${ep.via}): ${r.status} ${JSON.stringify(r.body.trim().slice(0, 80))}`;
      return verdict(r.status === 200 && r.body.trim() === "OK" ? [] : [line], [line]);
    }),
});
