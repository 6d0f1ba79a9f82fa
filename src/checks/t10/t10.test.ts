// Unit tests of the T10 checks: the target decides the load-balancing path (plan), the Service and /health (live).
import { describe, expect, it } from "vitest";
import { brokenHttp, fixedHttp } from "../../../test/fakes/http.ts";
import { emptyKube, fixedKube } from "../../../test/fakes/kube.ts";
import { editing, gitopsTarget, homePlan, moonPlan } from "../../../test/fakes/kube-gitops-tree.ts";
import { patched, planOf } from "../../../test/support/lab.ts";
import { ArtifactTree } from "../../artifacts/tree.ts";
import type { KubeObject } from "../../ports/kube.ts";
import { renderFamily } from "../../render/families.ts";
import health from "./demo-health-from-bastion.ts";
import lb from "./load-balancer-for-target.ts";

const must = <T>(f: T | undefined): T => {
  if (f === undefined) throw new Error("mode missing");
  return f;
};

describe("t10/load-balancer-for-target", () => {
  it("AWS: NodePort 30080, no MetalLB, README says so", () => {
    const r = must(lb.plan)(gitopsTarget(moonPlan()));
    expect(r.status).toBe("pass");
    expect(r.evidence[0]).toMatch(/aws: Service hello-spin-lb NodePort 30080/);
  });
  it("AWS: the node security group must admit the NodePort from the lab subnet", async () => {
    const p = moonPlan();
    const arts = [...renderFamily("gitops", p, {}), ...renderFamily("aws", p, {})];
    expect(must(lb.plan)({ plan: p, artifacts: new ArtifactTree(arts) }).status).toBe("pass");
    const closed = arts.map((a) =>
      a.path === "aws/template.json"
        ? { ...a, content: String(a.content).replaceAll('"FromPort":30080', '"FromPort":30081') }
        : a,
    );
    const r = must(lb.plan)({ plan: p, artifacts: new ArtifactTree(closed) });
    expect(r.status).toBe("fail");
    expect(r.evidence.join()).toMatch(/no security group admits tcp 30080/);
  });
  it("home: MetalLB pool from the spec, L2Advertisement, LoadBalancer on the first address", () => {
    const r = must(lb.plan)(gitopsTarget(homePlan()));
    expect(r.status).toBe("pass");
    expect(r.evidence[0]).toMatch(/10.17.13.200-10.17.13.219/);
  });
  it("home without a pool falls back to NodePort", () => {
    const plan = planOf(patched("home", { network: { loadBalancerPool: undefined } }));
    expect(must(lb.plan)(gitopsTarget(plan)).status).toBe("pass");
  });
  it("fails when the pool differs from the spec, or MetalLB objects appear on AWS", () => {
    const other = gitopsTarget(
      homePlan(),
      editing("IPAddressPool", "moonlab", (o) => ({ ...o, spec: { addresses: ["10.17.13.50-10.17.13.60"] } })),
    );
    expect(must(lb.plan)(other).evidence.join()).toMatch(/expected \[10.17.13.200-10.17.13.219\]/);
    const home = gitopsTarget(homePlan());
    const awsWithPool = { plan: moonPlan(), artifacts: home.artifacts };
    expect(must(lb.plan)(awsWithPool).status).toBe("fail");
  });
  it("live: the LoadBalancer address or the NodePort must match", async () => {
    const svc = (spec: object, status: object = {}): KubeObject => ({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "hello-spin-lb", namespace: "demo" },
      spec,
      status,
    });
    const home = homePlan();
    const lbSvc = svc({ type: "LoadBalancer" }, { loadBalancer: { ingress: [{ ip: "10.17.13.200" }] } });
    expect((await must(lb.live)({ plan: home, ports: { kube: fixedKube([lbSvc]) } })).status).toBe("pass");
    const pending = svc({ type: "LoadBalancer" }, { loadBalancer: {} });
    expect((await must(lb.live)({ plan: home, ports: { kube: fixedKube([pending]) } })).status).toBe("fail");
    const np = svc({ type: "NodePort", ports: [{ port: 80, nodePort: 30080 }] });
    expect((await must(lb.live)({ plan: moonPlan(), ports: { kube: fixedKube([np]) } })).status).toBe("pass");
    expect((await must(lb.live)({ plan: moonPlan(), ports: { kube: emptyKube() } })).status).toBe("fail");
  });
});

describe("t10/demo-health-from-bastion", () => {
  it("GETs the target's URL: a node's NodePort on AWS, the MetalLB address at home", async () => {
    const aws = fixedHttp({ "http://10.10.0.102:30080/health": { body: "OK" } });
    expect((await must(health.live)({ plan: moonPlan(), ports: { http: aws } })).status).toBe("pass");
    const home = fixedHttp({ "http://10.17.13.200/health": { body: "OK\n" } });
    expect((await must(health.live)({ plan: homePlan(), ports: { http: home } })).status).toBe("pass");
  });
  it("fails on another answer, throws when unreachable, is not applicable without HTTP access", async () => {
    const wrong = fixedHttp({ "http://10.10.0.102:30080/health": { status: 502, body: "Bad Gateway" } });
    const r = await must(health.live)({ plan: moonPlan(), ports: { http: wrong } });
    expect(r.status).toBe("fail");
    expect(r.evidence[0]).toMatch(/502/);
    await expect(must(health.live)({ plan: moonPlan(), ports: { http: brokenHttp() } })).rejects.toThrow(/10.10.0.102/);
    expect((await must(health.live)({ plan: moonPlan(), ports: {} })).status).toBe("not-applicable");
  });
});
