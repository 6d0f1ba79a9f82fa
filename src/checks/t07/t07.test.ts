// Unit tests of the T07 checks: the sync and the stage order in plan mode, readiness live against fakes.
import { describe, expect, it } from "vitest";
import { emptyKube, fixedKube, readyObject } from "../../../test/fakes/kube.ts";
import { editing, gitopsTarget, homePlan, moonPlan } from "../../../test/fakes/kube-gitops-tree.ts";
import { gitopsLayout, STAGES } from "../../render/gitops/layout.ts";
import ready from "./flux-objects-ready.ts";
import sync from "./flux-sync-from-plan.ts";
import order from "./kustomizations-in-order.ts";

const must = <T>(f: T | undefined): T => {
  if (f === undefined) throw new Error("mode missing");
  return f;
};

describe("t07/flux-sync-from-plan", () => {
  it("passes with cozy-fluxcd/cozy-fluxcd pointing at the spec's repo, branch and path", () => {
    const r = must(sync.plan)(gitopsTarget(moonPlan()));
    expect(r.status).toBe("pass");
    expect(r.evidence[0]).toBe(
      "cozy-fluxcd/cozy-fluxcd: https://github.com/example/moon-fleet.git main -> ./clusters/moon/flux",
    );
  });
  it("fails for another branch or a flux-system source", () => {
    const branch = gitopsTarget(
      moonPlan(),
      editing("GitRepository", "cozy-fluxcd", (o) => ({
        ...o,
        spec: { ...(o.spec as object), ref: { branch: "dev" } },
      })),
    );
    expect(must(sync.plan)(branch).evidence.join()).toMatch(/branch is "dev"/);
    const renamed = gitopsTarget(moonPlan(), (o) =>
      o.metadata.name === "cozy-fluxcd" ? { ...o, metadata: { ...o.metadata, name: "flux-system" } } : o,
    );
    expect(must(sync.plan)(renamed).status).toBe("fail");
  });
  it("live: a Ready GitRepository with the plan's URL passes; another URL or not Ready fails", async () => {
    const plan = moonPlan();
    const repo = (url: string, ok: boolean) =>
      readyObject("source.toolkit.fluxcd.io/v1", "GitRepository", "cozy-fluxcd", "cozy-fluxcd", ok, { spec: { url } });
    expect((await must(sync.live)({ plan, ports: { kube: fixedKube([repo(plan.gitops.repo, true)]) } })).status).toBe(
      "pass",
    );
    expect((await must(sync.live)({ plan, ports: { kube: fixedKube([repo("https://x/y.git", true)]) } })).status).toBe(
      "fail",
    );
    expect((await must(sync.live)({ plan, ports: { kube: fixedKube([repo(plan.gitops.repo, false)]) } })).status).toBe(
      "fail",
    );
    expect((await must(sync.live)({ plan, ports: { kube: emptyKube() } })).status).toBe("fail");
  });
});

describe("t07/kustomizations-in-order", () => {
  it("passes for both examples", () => {
    expect(must(order.plan)(gitopsTarget(moonPlan())).status).toBe("pass");
    expect(must(order.plan)(gitopsTarget(homePlan())).status).toBe("pass");
  });
  it("fails when apps no longer waits for infrastructure", () => {
    const t = gitopsTarget(
      moonPlan(),
      editing("Kustomization", "moonlab-apps", (o) => ({ ...o, spec: { ...(o.spec as object), dependsOn: [] } })),
    );
    const r = must(order.plan)(t);
    expect(r.status).toBe("fail");
    expect(r.evidence.join()).toMatch(/moonlab-apps depends on \[\], expected \[moonlab-infrastructure\]/);
  });
  it("fails without health checks or with a path outside the tree", () => {
    const noChecks = gitopsTarget(
      moonPlan(),
      editing("Kustomization", "moonlab-infrastructure", (o) => {
        const { healthChecks: _drop, ...spec } = o.spec as Record<string, unknown>;
        return { ...o, spec };
      }),
    );
    expect(must(order.plan)(noChecks).evidence.join()).toMatch(/has no health checks/);
    const path = gitopsTarget(
      moonPlan(),
      editing("Kustomization", "moonlab-tenants", (o) => ({
        ...o,
        spec: { ...(o.spec as object), path: "./clusters/moon/nowhere" },
      })),
    );
    expect(must(order.plan)(path).evidence.join()).toMatch(/not a directory of this tree/);
  });
});

describe("t07/flux-objects-ready", () => {
  const plan = moonPlan();
  const l = gitopsLayout(plan);
  const stages = (ok: boolean) =>
    STAGES.map((s) =>
      readyObject("kustomize.toolkit.fluxcd.io/v1", "Kustomization", l.kustomization[s], "cozy-fluxcd", ok),
    );
  const hr = (ok: boolean) =>
    readyObject("helm.toolkit.fluxcd.io/v2", "HelmRelease", "spin-operator", "spin-operator", ok);
  it("passes when every stage exists and everything is Ready", async () => {
    expect((await must(ready.live)({ plan, ports: { kube: fixedKube([...stages(true), hr(true)]) } })).status).toBe(
      "pass",
    );
  });
  it("fails on one HelmRelease not Ready, naming it, and on missing stages", async () => {
    const r = await must(ready.live)({ plan, ports: { kube: fixedKube([...stages(true), hr(false)]) } });
    expect(r.status).toBe("fail");
    expect(r.evidence).toEqual(["HelmRelease spin-operator/spin-operator: Ready=False (Failed)"]);
    expect((await must(ready.live)({ plan, ports: { kube: emptyKube() } })).evidence.length).toBe(STAGES.length);
  });
});
