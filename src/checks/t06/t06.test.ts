// Unit tests of the T06 checks: plan mode pass and fail, live mode against Kube and HTTP fakes.
import { describe, expect, it } from "vitest";
import { brokenHttp, fixedHttp } from "../../../test/fakes/http.ts";
import { emptyKube, fixedKube } from "../../../test/fakes/kube.ts";
import { editing, gitopsTarget, homePlan, moonPlan } from "../../../test/fakes/kube-gitops-tree.ts";
import type { KubeObject } from "../../ports/kube.ts";
import answers from "./demo-answers.ts";
import onArm64 from "./demo-pods-on-arm64.ts";
import declared from "./spinapp-demo-declared.ts";

const must = <T>(f: T | undefined): T => {
  if (f === undefined) throw new Error("mode missing");
  return f;
};

const spinApp = (ready: number, image = "10.10.0.100:5000/moonlab/hello-spin:0.1.0"): KubeObject => ({
  apiVersion: "core.spinkube.dev/v1alpha1",
  kind: "SpinApp",
  metadata: { name: "hello-spin", namespace: "demo" },
  spec: { image, replicas: 2 },
  status: { readyReplicas: ready },
});

describe("t06/spinapp-demo-declared", () => {
  it("passes for the rendered SpinApp and executor", () => {
    expect(must(declared.plan)(gitopsTarget(moonPlan())).status).toBe("pass");
    expect(must(declared.plan)(gitopsTarget(homePlan())).status).toBe("pass");
  });
  it("fails for another image or a missing executor", () => {
    const other = gitopsTarget(
      moonPlan(),
      editing("SpinApp", "hello-spin", (o) => ({ ...o, spec: { ...(o.spec as object), image: "ghcr.io/x/y:1" } })),
    );
    expect(must(declared.plan)(other).evidence.join()).toMatch(/image is ghcr.io\/x\/y:1/);
    const noExec = gitopsTarget(
      moonPlan(),
      editing("SpinAppExecutor", "containerd-shim-spin", () => undefined),
    );
    expect(must(declared.plan)(noExec).status).toBe("fail");
  });
  it("live: all replicas ready passes; fewer, or no SpinApp, fails", async () => {
    const plan = moonPlan();
    expect((await must(declared.live)({ plan, ports: { kube: fixedKube([spinApp(2)]) } })).status).toBe("pass");
    const r = await must(declared.live)({ plan, ports: { kube: fixedKube([spinApp(1)]) } });
    expect(r.status).toBe("fail");
    expect(r.evidence.join()).toMatch(/1 of 2 replicas ready/);
    expect((await must(declared.live)({ plan, ports: { kube: emptyKube() } })).status).toBe("fail");
  });
});

describe("t06/demo-pods-on-arm64", () => {
  const pod = (name: string, node: string): KubeObject => ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "demo", labels: { "core.spinkube.dev/app-name": "hello-spin" } },
    spec: { nodeName: node },
    status: { phase: "Running" },
  });
  const node = (name: string, arch: string): KubeObject => ({
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels: { "kubernetes.io/arch": arch } },
  });
  it("plan: the RuntimeClass pins the lab's arch; another arch fails", () => {
    expect(must(onArm64.plan)(gitopsTarget(moonPlan())).status).toBe("pass");
    const amd = gitopsTarget(
      moonPlan(),
      editing("RuntimeClass", "wasmtime-spin-v2", (o) => ({
        ...o,
        scheduling: { nodeSelector: { "kubernetes.io/arch": "amd64" } },
      })),
    );
    expect(must(onArm64.plan)(amd).status).toBe("fail");
  });
  it("live: pods on arm64 nodes pass, one on amd64 fails, none running fails", async () => {
    const plan = moonPlan();
    const arm = fixedKube([pod("a", "n1"), pod("b", "n2"), node("n1", "arm64"), node("n2", "arm64")]);
    expect((await must(onArm64.live)({ plan, ports: { kube: arm } })).status).toBe("pass");
    const mixed = fixedKube([pod("a", "n1"), pod("b", "n2"), node("n1", "arm64"), node("n2", "amd64")]);
    const r = await must(onArm64.live)({ plan, ports: { kube: mixed } });
    expect(r.status).toBe("fail");
    expect(r.evidence.join()).toMatch(/pod b on node n2 \(amd64\)/);
    expect((await must(onArm64.live)({ plan, ports: { kube: emptyKube() } })).status).toBe("fail");
  });
});

describe("t06/demo-answers", () => {
  it("passes on Hello from Spin and OK; fails on anything else; unreachable throws", async () => {
    const plan = moonPlan();
    const base = "http://10.10.0.102:30080";
    const good = fixedHttp({
      [`${base}/`]: { body: "Hello from Spin (arm64)\n" },
      [`${base}/health`]: { body: "OK\n" },
    });
    const r = await must(answers.live)({ plan, ports: { http: good } });
    expect(r.status, r.evidence.join("\n")).toBe("pass");
    expect(good.requests).toEqual([`${base}/`, `${base}/health`]);
    const bad = fixedHttp({ [`${base}/`]: { body: "nginx" }, [`${base}/health`]: { status: 503, body: "" } });
    expect((await must(answers.live)({ plan, ports: { http: bad } })).evidence.length).toBe(2);
    await expect(must(answers.live)({ plan, ports: { http: brokenHttp() } })).rejects.toThrow(/unreachable/);
    expect((await must(answers.live)({ plan, ports: {} })).status).toBe("not-applicable");
  });
});
