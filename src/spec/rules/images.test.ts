import { describe, expect, it } from "vitest";
import { patched, planOf } from "../../../test/support/lab.ts";
import { validateObject } from "../validate.ts";

const issues = (subs: unknown[]) => {
  const v = validateObject(patched("moon", { images: { substitutions: subs } }));
  return v.ok ? [] : v.issues.filter((i) => i.code.startsWith("images."));
};

describe("images.substitutions", () => {
  it("plans a valid substitution: delivered into the lab registry under the upstream host as a path prefix", () => {
    const plan = planOf(
      patched("moon", {
        images: {
          substitutions: [{ image: "quay.io/kubevirt/cdi-operator:v1.61.0", replacement: "docker.io/me/cdi:arm64" }],
        },
      }),
    );
    expect(plan.images.substitutions).toEqual([
      {
        image: "quay.io/kubevirt/cdi-operator:v1.61.0",
        replacement: "docker.io/me/cdi:arm64",
        delivered: "10.10.0.100:5000/quay.io/kubevirt/cdi-operator:v1.61.0",
        registry: "quay.io",
      },
    ]);
    expect(planOf(patched("moon", {})).images.substitutions).toEqual([]);
  });

  it("names every problem with its path, what was received and the fix", () => {
    const found = issues([
      { image: "not an image", replacement: "docker.io/me/x:1" },
      { image: "quay.io/a/b", replacement: "docker.io/me/x:1" },
      { image: "quay.io/a/c:1", replacement: "::" },
      { image: "quay.io/a/d:1", replacement: "docker.io/me/d:1" },
      { image: "quay.io/a/d:1", replacement: "docker.io/me/d:2" },
    ]);
    expect(found.map((i) => `${i.code}@${i.path}`)).toEqual([
      "images.substitution-invalid@images.substitutions[0].image",
      "images.substitution-needs-tag@images.substitutions[1].image",
      "images.substitution-invalid@images.substitutions[2].replacement",
      "images.substitution-duplicate@images.substitutions[4].image",
    ]);
    expect(found[1]?.fix).toMatch(/tag/);
  });

  it("refuses an image the pinned CozyStack release pulls by digest: a mirror cannot answer a digest with another image", () => {
    const found = issues([
      { image: "ghcr.io/cozystack/cozystack/kilo:v1.5.0", replacement: "docker.io/me/kilo:v1.5.0" },
    ]);
    expect(found.map((i) => i.code)).toEqual(["images.substitution-digest-pinned"]);
    expect(found[0]?.message).toMatch(/@sha256:fe837f42/);
    expect(found[0]?.path).toBe("images.substitutions[0].image");
    const direct = issues([{ image: `quay.io/a/b:1@sha256:${"a".repeat(64)}`, replacement: "docker.io/me/b:1" }]);
    expect(direct.map((i) => i.code)).toEqual(["images.substitution-digest-pinned"]);
  });
});

describe("images.substitutions on Talos v1.11", () => {
  it("is refused: machine.registries has no per-endpoint path", () => {
    const v = validateObject(
      patched("moon", {
        talos: { version: "v1.11.5" },
        cozystack: { version: "v0.41.11", variant: "paas-full" },
        images: { substitutions: [{ image: "quay.io/a/b:1", replacement: "docker.io/me/b:1" }] },
      }),
    );
    expect(v.ok ? [] : v.issues.filter((i) => i.code.startsWith("images.")).map((i) => `${i.code}@${i.path}`)).toEqual([
      "images.substitution-talos-line@images.substitutions",
    ]);
  });
});
