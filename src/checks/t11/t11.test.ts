// Unit tests of the T11 check: the tenant and guest cluster in plan mode, its readiness live against fakes.
import { describe, expect, it } from "vitest";
import { emptyKube, fixedKube, readyObject } from "../../../test/fakes/kube.ts";
import { editing, gitopsTarget, moonPlan } from "../../../test/fakes/kube-gitops-tree.ts";
import type { KubeObject } from "../../ports/kube.ts";
import guest from "./guest-cluster-declared.ts";

const must = <T>(f: T | undefined): T => {
  if (f === undefined) throw new Error("mode missing");
  return f;
};

describe("t11/guest-cluster-declared", () => {
  it("passes for the rendered Tenant and Kubernetes app", () => {
    expect(must(guest.plan)(gitopsTarget(moonPlan())).status).toBe("pass");
  });
  it("fails without the tenant's etcd or without the guest cluster", () => {
    const noEtcd = gitopsTarget(
      moonPlan(),
      editing("Tenant", "lab", (o) => ({ ...o, spec: { etcd: false } })),
    );
    expect(must(guest.plan)(noEtcd).evidence.join()).toMatch(/no etcd/);
    expect(
      must(guest.plan)(
        gitopsTarget(
          moonPlan(),
          editing("Kubernetes", "harvey", () => undefined),
        ),
      ).status,
    ).toBe("fail");
  });
  it("live: app, Ready HelmRelease and kubeconfig secret pass; a missing secret fails", async () => {
    const plan = moonPlan();
    const app: KubeObject = {
      apiVersion: "apps.cozystack.io/v1alpha1",
      kind: "Kubernetes",
      metadata: { name: "harvey", namespace: "tenant-lab" },
    };
    const hr = readyObject("helm.toolkit.fluxcd.io/v2", "HelmRelease", "kubernetes-harvey", "tenant-lab", true);
    const secret: KubeObject = {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "kubernetes-harvey-admin-kubeconfig", namespace: "tenant-lab" },
    };
    expect((await must(guest.live)({ plan, ports: { kube: fixedKube([app, hr, secret]) } })).status).toBe("pass");
    const r = await must(guest.live)({ plan, ports: { kube: fixedKube([app, hr]) } });
    expect(r.status).toBe("fail");
    expect(r.evidence.join()).toMatch(/kubernetes-harvey-admin-kubeconfig does not exist/);
    expect((await must(guest.live)({ plan, ports: { kube: emptyKube() } })).status).toBe("fail");
  });
});
