import { describe, expect, it } from "vitest";
import { patched, planOf } from "../../../test/support/lab.ts";
import { ArtifactTree } from "../../artifacts/tree.ts";
import { sha256Digest } from "../../demo-artifact/digest.ts";
import type { RegistryPort } from "../../ports/registry.ts";
import { renderFamily } from "../families.ts";
import { platformsOf, runsOn } from "./architecture.ts";
import { imageInventory } from "./inventory.ts";

const inventoryOf = (name: "moon" | "home") => {
  const plan = planOf(patched(name, {}));
  return imageInventory(
    plan,
    new ArtifactTree([...renderFamily("bastion", plan, {}), ...renderFamily("gitops", plan, {})]),
  );
};

describe("imageInventory", () => {
  it("lists the moon lab's images by component, each with its source", () => {
    const inv = inventoryOf("moon");
    const own = inv.images.filter((i) => !i.component.startsWith("cozystack/"));
    expect(own.map((i) => `${i.component} ${i.image}`)).toEqual([
      "bastion/cache-docker-io docker.io/library/registry:3.1.1",
      "bastion/cache-factory-talos-dev docker.io/library/registry:3.1.1",
      "bastion/cache-gcr-io docker.io/library/registry:3.1.1",
      "bastion/cache-ghcr-io docker.io/library/registry:3.1.1",
      "bastion/cache-quay-io docker.io/library/registry:3.1.1",
      "bastion/cache-registry-k8s-io docker.io/library/registry:3.1.1",
      "bastion/lab-registry docker.io/library/registry:3.1.1",
      "bastion/matchbox quay.io/poseidon/matchbox:v0.11.0",
      "bastion/pihole docker.io/pihole/pihole:2026.07.2",
      "gitops/crossplane-provider xpkg.crossplane.io/crossplane-contrib/provider-kubernetes:v1.2.1",
      "gitops/deployment 10.10.0.100:5000/moonlab/moonlander:0.1.0",
      "gitops/deployment docker.io/library/node:24.21.0-trixie-slim",
      "gitops/spinapp 10.10.0.100:5000/moonlab/hello-spin:0.1.0",
      "harvey/crossplane xpkg.crossplane.io/crossplane/crossplane:v2.3.1",
      "spinkube/spin-operator ghcr.io/spinframework/spin-operator:v0.6.1",
      expect.stringMatching(/^talos\/compute factory\.talos\.dev\/metal-installer\/[a-f0-9]{64}:v1\.13\.6$/),
      expect.stringMatching(/^talos\/gateway factory\.talos\.dev\/metal-installer\/[a-f0-9]{64}:v1\.13\.6$/),
    ]);
    for (const i of inv.images) expect(i.source, i.image).not.toBe("");
    expect(inv.images.filter((i) => i.component.startsWith("cozystack/"))).toHaveLength(172);
    expect(inv.images).toContainEqual({
      component: "cozystack/system/kilo",
      image: expect.stringMatching(/^ghcr\.io\/cozystack\/cozystack\/kilo:v1\.5\.0@sha256:/),
      source: "CozyStack v1.6.2 packages/system/kilo/values.yaml:kilo.image",
    });
    expect(inv.notes.join("\n")).toMatch(/Go module proxy refuses the v1\.6\.2 module zip/);
    // Moonlander: the runtime image from the container, its own image from the pod's image volume.
    expect(inv.images.filter((i) => i.image.includes("moonlander") || i.image.includes("/node:"))).toEqual([
      {
        component: "gitops/deployment",
        image: "10.10.0.100:5000/moonlab/moonlander:0.1.0",
        source:
          "gitops/infrastructure/moonlander.yaml Deployment/moonlander spec.template.spec.volumes.0.image.reference",
      },
      {
        component: "gitops/deployment",
        image: "docker.io/library/node:24.21.0-trixie-slim",
        source: "gitops/infrastructure/moonlander.yaml Deployment/moonlander spec.template.spec.containers.0.image",
      },
    ]);
  });

  it("says so when the CozyStack release has no image table", () => {
    const plan = planOf(
      patched("moon", { talos: { version: "v1.11.5" }, cozystack: { version: "v0.41.11", variant: "paas-full" } }),
    );
    const inv = imageInventory(plan, new ArtifactTree(renderFamily("bastion", plan, {})));
    expect(inv.images.some((i) => i.component.startsWith("cozystack/"))).toBe(false);
    expect(inv.notes[0]).toBe("no image table for CozyStack v0.41.11: its images are not in this inventory");
  });
});

describe("platforms", () => {
  const port = (doc: unknown, config?: unknown): RegistryPort => ({
    endpointOf: () => "fake://",
    async manifest() {
      const bytes = new TextEncoder().encode(JSON.stringify(doc));
      return { mediaType: "", digest: sha256Digest(bytes), bytes };
    },
    blob: async () => new TextEncoder().encode(JSON.stringify(config)),
  });

  it("a WebAssembly artifact runs on any arch; linux/<arch> variants count; others do not", async () => {
    const wasm = await platformsOf(
      port({ config: { digest: `sha256:${"c".repeat(64)}` }, layers: [] }, { architecture: "wasm", os: "wasip1" }),
      "10.10.0.100:5000/moonlab/hello-spin:0.1.0",
    );
    expect(wasm).toEqual({ platforms: ["wasip1/wasm"], endpoint: "fake://" });
    expect(runsOn(["wasip1/wasm"], "arm64")).toBe(true);
    expect(runsOn(["linux/arm64/v8"], "arm64")).toBe(true);
    expect(runsOn(["linux/amd64", "linux/arm/v7"], "arm64")).toBe(false);
    expect(runsOn(["linux/amd64"], "amd64")).toBe(true);
  });
});
