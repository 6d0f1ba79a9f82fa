// Unit tests of the T12 check: the Landing wires the guest kubeconfig to Harvey's ProviderConfig.
import { describe, expect, it } from "vitest";
import { emptyKube, fixedKube, readyObject } from "../../../test/fakes/kube.ts";
import { editing, gitopsTarget, moonPlan } from "../../../test/fakes/kube-gitops-tree.ts";
import type { KubeObject } from "../../ports/kube.ts";
import landing from "./landing-wires-harvey.ts";

const must = <T>(f: T | undefined): T => {
  if (f === undefined) throw new Error("mode missing");
  return f;
};

describe("t12/landing-wires-harvey", () => {
  it("passes when the Landing writes exactly what the ProviderConfig reads", () => {
    const r = must(landing.plan)(gitopsTarget(moonPlan()));
    expect(r.status, r.evidence.join("\n")).toBe("pass");
  });
  it("fails when the ProviderConfig reads another secret or the CRD is missing", () => {
    const other = gitopsTarget(
      moonPlan(),
      editing("ProviderConfig", "moon", (o) => ({
        ...o,
        spec: {
          credentials: {
            source: "Secret",
            secretRef: { namespace: "crossplane-system", name: "other", key: "kubeconfig" },
          },
        },
      })),
    );
    expect(must(landing.plan)(other).evidence.join()).toMatch(
      /writeKubeconfigSecretName is remote-kubeconfig, expected other/,
    );
    const noCrd = gitopsTarget(
      moonPlan(),
      editing("CustomResourceDefinition", "landings.moons.urmanac.com", () => undefined),
    );
    expect(must(landing.plan)(noCrd).status).toBe("fail");
  });
  it("live: the secret and a Ready Landing pass; a Landing nobody reconciles fails", async () => {
    const plan = moonPlan();
    const secret: KubeObject = {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "kubernetes-harvey-admin-kubeconfig", namespace: "tenant-lab" },
    };
    const ok = readyObject("moons.urmanac.com/v1alpha1", "Landing", "harvey", "tenant-lab", true);
    expect((await must(landing.live)({ plan, ports: { kube: fixedKube([secret, ok]) } })).status).toBe("pass");
    const unreconciled: KubeObject = {
      apiVersion: "moons.urmanac.com/v1alpha1",
      kind: "Landing",
      metadata: { name: "harvey", namespace: "tenant-lab" },
    };
    const r = await must(landing.live)({ plan, ports: { kube: fixedKube([secret, unreconciled]) } });
    expect(r.status).toBe("fail");
    expect(r.evidence.join()).toMatch(/Moonlander controller/);
    expect((await must(landing.live)({ plan, ports: { kube: emptyKube() } })).status).toBe("fail");
  });
});
