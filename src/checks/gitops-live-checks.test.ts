// Every live check of the gitops family, against a broken Kube API / HTTP path: the engine records `error` naming
// the endpoint (never a crash, never a pass); without the port it is not-applicable and says how to get it.
import { describe, expect, it } from "vitest";
import { brokenHttp } from "../../test/fakes/http.ts";
import { brokenKube } from "../../test/fakes/kube.ts";
import { patched, planOf } from "../../test/support/lab.ts";
import { loadChecks, runLive } from "./run-suite.ts";

const GITOPS_LIVE_CHECKS = [
  "t05/cozystack-controllers-running",
  "t05/cozystack-package-configured",
  "t05/kubevirt-running",
  "t05/spin-runtime-class",
  "t06/spinapp-demo-declared",
  "t06/demo-pods-on-arm64",
  "t06/demo-answers",
  "t07/flux-sync-from-plan",
  "t07/flux-objects-ready",
  "t10/load-balancer-for-target",
  "t10/demo-health-from-bastion",
  "t11/guest-cluster-declared",
  "t12/landing-wires-harvey",
];

describe("gitops live checks with broken or missing ports", () => {
  const plan = planOf(patched("moon", {}));

  it("each has a live mode", async () => {
    for (const c of loadChecks(GITOPS_LIVE_CHECKS)) expect(c.live, c.id).toBeDefined();
  });

  it("an unreachable API or HTTP path is an error naming host and port", async () => {
    const results = await runLive(loadChecks(GITOPS_LIVE_CHECKS), {
      plan,
      ports: { kube: brokenKube(), http: brokenHttp() },
    });
    for (const r of results) {
      expect(r.status, r.id).toBe("error");
      expect(r.reason, r.id).toMatch(/unreachable/);
      expect(r.reason, r.id).toMatch(/10\.10\.0\.10[12]:(6443|30080)/);
    }
  });

  it("without the ports, each is not-applicable and says how to get access", async () => {
    const results = await runLive(loadChecks(GITOPS_LIVE_CHECKS), { plan, ports: {} });
    for (const r of results) {
      expect(r.status, r.id).toBe("not-applicable");
      expect(r.reason, r.id).toMatch(/--kubeconfig|reaches the lab subnet|bastion/);
    }
  });
});
