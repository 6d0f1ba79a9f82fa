import { describe, expect, it } from "vitest";
import { fixedKube } from "../../../test/fakes/kube.ts";
import { patched, planOf } from "../../../test/support/lab.ts";
import { ArtifactTree } from "../../artifacts/tree.ts";
import { sha256Digest } from "../../demo-artifact/digest.ts";
import type { KubeObject } from "../../ports/kube.ts";
import type { ManifestResponse, RegistryPort } from "../../ports/registry.ts";
import { renderFamily } from "../../render/families.ts";
import imagesCheck from "./images-for-lab-arch.ts";
import podsCheck from "./pods-image-failures.ts";

/** A registry fake: every image is a multi-arch index except the ones listed as amd64-only. */
function fakeRegistry(amd64Only: readonly string[], throughLab = false): RegistryPort {
  return {
    throughLab,
    endpointOf: (r) => `fake://${r}`,
    async manifest(registry, repository): Promise<ManifestResponse> {
      const arches = amd64Only.includes(`${registry}/${repository}`) ? ["amd64"] : ["amd64", "arm64"];
      const bytes = new TextEncoder().encode(
        JSON.stringify({
          schemaVersion: 2,
          manifests: arches.map((a) => ({ platform: { os: "linux", architecture: a } })),
        }),
      );
      return { mediaType: "application/vnd.oci.image.index.v1+json", digest: sha256Digest(bytes), bytes };
    },
    blob: async () => new Uint8Array(),
  };
}

describe("t05/images-for-lab-arch", () => {
  it("live: fails naming the gap id of an amd64-only image; passes once it is acknowledged", async () => {
    const plan = planOf(patched("moon", {}));
    const r = await imagesCheck.live?.({ plan, ports: { registry: fakeRegistry(["quay.io/poseidon/matchbox"]) } });
    expect(r?.status).toBe("fail");
    expect(r?.evidence.join("\n")).toMatch(/^image\.no-arm64:quay\.io\/poseidon\/matchbox: bastion\/matchbox/m);
    const acked = planOf(
      patched("moon", {
        acknowledgements: [
          { id: "cozystack.arm64-experimental", reason: "validating CozyStack on arm64" },
          { id: "checkov:CKV_AWS_88", reason: "the NAT instance needs its public IPv4" },
          { id: "image.no-arm64:quay.io/poseidon/matchbox", reason: "test: accepted on purpose" },
        ],
      }),
    );
    const ok = await imagesCheck.live?.({
      plan: acked,
      ports: { registry: fakeRegistry(["quay.io/poseidon/matchbox"]) },
    });
    expect(ok?.status).toBe("pass");
    expect(ok?.evidence.join("\n")).toMatch(/image\.no-arm64:quay\.io\/poseidon\/matchbox acknowledged/);
  });

  it("live: not applicable without registry access, saying how to get it", async () => {
    const r = await imagesCheck.live?.({ plan: planOf(patched("moon", {})), ports: {} });
    expect(r?.status).toBe("not-applicable");
    expect(r?.reason).toMatch(/moonlab test --live/);
  });

  it("plan: a substitution must replace an image the lab runs", () => {
    const sub = (image: string) =>
      planOf(patched("moon", { images: { substitutions: [{ image, replacement: "docker.io/me/x:1" }] } }));
    const tree = (p: ReturnType<typeof sub>) =>
      new ArtifactTree([...renderFamily("bastion", p, {}), ...renderFamily("gitops", p, {})]);
    const good = sub("ghcr.io/spinframework/spin-operator:v0.6.1");
    expect(imagesCheck.plan?.({ plan: good, artifacts: tree(good) }).status).toBe("pass");
    const bad = sub("ghcr.io/spinframework/spin-operator:v9");
    const r = imagesCheck.plan?.({ plan: bad, artifacts: tree(bad) });
    expect(r?.status).toBe("fail");
    expect(r?.evidence.join("\n")).toMatch(/replaces no image of the inventory/);
  });
});

const pod = (name: string, statuses: unknown[], init: unknown[] = []): KubeObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "cozy-kilo" },
  status: { containerStatuses: statuses, initContainerStatuses: init },
});

describe("t05/pods-image-failures", () => {
  it("names pods in ImagePullBackOff and exec format error with image and gap id; passes on healthy pods", async () => {
    const plan = planOf(patched("moon", {}));
    const kube = fixedKube([
      pod("kilo-abc", [
        {
          name: "kilo",
          image: "ghcr.io/cozystack/cozystack/kilo:v1.5.0",
          state: { waiting: { reason: "ImagePullBackOff", message: "no match for platform in manifest" } },
        },
      ]),
      pod(
        "cdi-1",
        [],
        [
          {
            name: "init",
            image: "quay.io/kubevirt/cdi-operator:v1.61.0",
            state: { waiting: { reason: "CrashLoopBackOff" } },
            lastState: { terminated: { reason: "Error", message: "exec /usr/bin/cdi-operator: exec format error" } },
          },
        ],
      ),
      pod("fine", [{ name: "x", image: "quay.io/a/b:1", state: { running: {} } }]),
    ]);
    const r = await podsCheck.live?.({ plan, ports: { kube } });
    expect(r?.status).toBe("fail");
    expect(r?.evidence).toEqual([
      "pod cozy-kilo/kilo-abc container kilo (ghcr.io/cozystack/cozystack/kilo:v1.5.0): ImagePullBackOff: no match for platform in manifest; gap id image.no-arm64:ghcr.io/cozystack/cozystack/kilo",
      "pod cozy-kilo/cdi-1 container init (quay.io/kubevirt/cdi-operator:v1.61.0): exec format error (CrashLoopBackOff); gap id image.no-arm64:quay.io/kubevirt/cdi-operator",
    ]);
    const healthy = await podsCheck.live?.({
      plan,
      ports: { kube: fixedKube([pod("fine", [{ name: "x", state: {} }])]) },
    });
    expect(healthy?.status).toBe("pass");
  });
});
