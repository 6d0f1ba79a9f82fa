// Unit tests of the T05 checks over CozyStack objects: plan mode pass and fail, live mode against fakes.

import { describe, expect, it } from "vitest";
import { brokenKube, emptyKube, fixedKube, readyObject } from "../../../test/fakes/kube.ts";
import { editing, gitopsTarget, homePlan, moonPlan, type Obj } from "../../../test/fakes/kube-gitops-tree.ts";
import { fixtureSecrets } from "../../../test/fakes/secrets.ts";
import { patched, planOf } from "../../../test/support/lab.ts";
import { ArtifactTree } from "../../artifacts/tree.ts";
import { at } from "../../lib/at.ts";
import { renderFamily } from "../../render/families.ts";
import type { Check } from "../check.ts";
import controllers from "./cozystack-controllers-running.ts";
import pkg from "./cozystack-package-configured.ts";
import kubevirt from "./kubevirt-running.ts";
import runtimeClass from "./spin-runtime-class.ts";

const plan = (c: Check) =>
  c.plan ??
  (() => {
    throw new Error(`${c.id} has no plan mode`);
  });
const live = (c: Check) =>
  c.live ??
  (async () => {
    throw new Error(`${c.id} has no live mode`);
  });

describe("t05/cozystack-package-configured", () => {
  it("passes for the rendered Package (v1) and ConfigMap (v0)", () => {
    expect(plan(pkg)(gitopsTarget(moonPlan())).status).toBe("pass");
    const v0 = planOf(
      patched("home", { talos: { version: "v1.11.5" }, cozystack: { version: "v0.41.11", variant: "paas-full" } }),
    );
    expect(plan(pkg)(gitopsTarget(v0)).status).toBe("pass");
  });
  it("fails when the pod CIDR differs from the plan, or the Package is missing", () => {
    const bad = gitopsTarget(
      moonPlan(),
      editing("Package", "cozystack.cozystack-platform", (o) => {
        const networking = at(o, "spec.components.platform.values.networking") as Record<string, string>;
        networking.podCIDR = "10.99.0.0/16";
        return o;
      }),
    );
    const r = plan(pkg)(bad);
    expect(r.status).toBe("fail");
    expect(r.evidence.join()).toMatch(/podCIDR is "10.99.0.0\/16"/);
    expect(
      plan(pkg)(
        gitopsTarget(
          moonPlan(),
          editing("Package", "cozystack.cozystack-platform", () => undefined),
        ),
      ).status,
    ).toBe("fail");
  });
  it("live: Ready Package passes; missing, not Ready or unreachable do not", async () => {
    const p = moonPlan();
    const ok = readyObject("cozystack.io/v1alpha1", "Package", "cozystack.cozystack-platform", undefined, true, {
      spec: { variant: "isp-full" },
    });
    expect((await live(pkg)({ plan: p, ports: { kube: fixedKube([ok]) } })).status).toBe("pass");
    const notReady = {
      ...ok,
      ...readyObject("cozystack.io/v1alpha1", "Package", "cozystack.cozystack-platform", undefined, false, {
        spec: { variant: "isp-full" },
      }),
    };
    expect((await live(pkg)({ plan: p, ports: { kube: fixedKube([notReady]) } })).status).toBe("fail");
    expect((await live(pkg)({ plan: p, ports: { kube: emptyKube() } })).status).toBe("fail");
    await expect(live(pkg)({ plan: p, ports: { kube: brokenKube() } })).rejects.toThrow(/10.10.0.101:6443/);
    expect((await live(pkg)({ plan: p, ports: {} })).status).toBe("not-applicable");
  });
});

describe("t05/cozystack-controllers-running", () => {
  const crds = [
    "packages.cozystack.io",
    "kustomizations.kustomize.toolkit.fluxcd.io",
    "helmreleases.helm.toolkit.fluxcd.io",
    "gitrepositories.source.toolkit.fluxcd.io",
  ].map((name) => ({ apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition", metadata: { name } }));
  const operator = (available: number) => ({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "cozystack-operator", namespace: "cozy-system" },
    status: { availableReplicas: available },
  });
  const flux = (ready: boolean) =>
    readyObject("fluxcd.controlplane.io/v1", "FluxInstance", "flux", "cozy-fluxcd", ready);
  it("passes with the CRDs, an available operator and a Ready FluxInstance", async () => {
    const r = await live(controllers)({
      plan: moonPlan(),
      ports: { kube: fixedKube([...crds, operator(1), flux(true)]) },
    });
    expect(r.status).toBe("pass");
  });
  it("fails when the operator has no replica, Flux is not Ready, or the cluster is empty", async () => {
    const r = await live(controllers)({
      plan: moonPlan(),
      ports: { kube: fixedKube([...crds, operator(0), flux(false)]) },
    });
    expect(r.status).toBe("fail");
    expect(r.evidence.join("\n")).toMatch(/no available replica[\s\S]*FluxInstance/);
    expect((await live(controllers)({ plan: moonPlan(), ports: { kube: emptyKube() } })).evidence.length).toBe(6);
  });
});

describe("t05/kubevirt-running", () => {
  const kv = (phase: string) => ({
    apiVersion: "kubevirt.io/v1",
    kind: "KubeVirt",
    metadata: { name: "kubevirt", namespace: "cozy-kubevirt" },
    status: { phase },
  });
  it("passes when KubeVirt is Deployed and fails otherwise", async () => {
    expect((await live(kubevirt)({ plan: moonPlan(), ports: { kube: fixedKube([kv("Deployed")]) } })).status).toBe(
      "pass",
    );
    const r = await live(kubevirt)({ plan: moonPlan(), ports: { kube: fixedKube([kv("Deploying")]) } });
    expect(r.status).toBe("fail");
    expect(r.evidence.join()).toMatch(/hardware virtualization/);
    expect((await live(kubevirt)({ plan: moonPlan(), ports: { kube: emptyKube() } })).status).toBe("fail");
  });
});

describe("t05/spin-runtime-class", () => {
  it("passes for both examples", () => {
    expect(plan(runtimeClass)(gitopsTarget(moonPlan())).status).toBe("pass");
    expect(plan(runtimeClass)(gitopsTarget(homePlan())).status).toBe("pass");
  });
  it("fails for a wrong handler, a missing spin selector, or no group with the spin extension", () => {
    const wrong = gitopsTarget(
      moonPlan(),
      editing("RuntimeClass", "wasmtime-spin-v2", (o) => ({ ...o, handler: "runc" })),
    );
    expect(plan(runtimeClass)(wrong).evidence.join()).toMatch(/handler is runc/);
    const open = gitopsTarget(
      moonPlan(),
      editing("RuntimeClass", "wasmtime-spin-v2", (o) => ({ ...o, scheduling: { nodeSelector: {} } })),
    );
    expect(plan(runtimeClass)(open).status).toBe("fail");
    const noSpin = planOf(
      patched("moon", { talos: { extensions: { gateway: ["siderolabs/tailscale"], compute: ["siderolabs/drbd"] } } }),
    );
    expect(plan(runtimeClass)(gitopsTarget(noSpin)).evidence.join()).toMatch(/no node group has siderolabs\/spin/);
  });
  it("reads the rendered machine configs: spin nodes must carry the label the RuntimeClass selects", async () => {
    const p = moonPlan();
    const secrets = await fixtureSecrets();
    const both = [...renderFamily("gitops", p, secrets), ...renderFamily("talos", p, secrets)];
    const ok = plan(runtimeClass)({ plan: p, artifacts: new ArtifactTree(both) });
    expect(ok.status).toBe("pass");
    expect(ok.evidence.join()).toContain("moon-gateway-1, moon-compute-1, moon-compute-2");
    const unlabelled = both.map((a) =>
      a.path === "talos/moon-compute-1.yaml"
        ? { ...a, content: String(a.content).replace('moonlab.dev/extension-spin: "true"', 'moonlab.dev/other: "x"') }
        : a,
    );
    const r = plan(runtimeClass)({ plan: p, artifacts: new ArtifactTree(unlabelled) });
    expect(r.status).toBe("fail");
    expect(r.evidence.join()).toMatch(/moon-compute-1\.yaml does not label moon-compute-1/);
  });
  it("live: needs the RuntimeClass with handler spin and a node labelled for spin", async () => {
    const rc = {
      apiVersion: "node.k8s.io/v1",
      kind: "RuntimeClass",
      metadata: { name: "wasmtime-spin-v2" },
      handler: "spin",
    };
    const node = (labels: Record<string, string>): Obj => ({
      apiVersion: "v1",
      kind: "Node",
      metadata: { name: "n1", labels } as Obj["metadata"],
    });
    const spinNode = node({ "moonlab.dev/extension-spin": "true" });
    expect(
      (await live(runtimeClass)({ plan: moonPlan(), ports: { kube: fixedKube([rc, spinNode as never]) } })).status,
    ).toBe("pass");
    expect(
      (await live(runtimeClass)({ plan: moonPlan(), ports: { kube: fixedKube([rc, node({}) as never]) } })).status,
    ).toBe("fail");
    expect((await live(runtimeClass)({ plan: moonPlan(), ports: { kube: emptyKube() } })).status).toBe("fail");
  });
});
