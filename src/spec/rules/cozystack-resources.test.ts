import { describe, expect, it } from "vitest";
import { exampleObject, patched, specOf } from "../../../test/support/lab.ts";
import { SpecSchema } from "../schema.ts";
import { validateObject } from "../validate.ts";
import {
  COZYSTACK_MINIMUM,
  cozystackResourcesRule,
  cozystackVariantRule,
  instanceSize,
  SMALLEST_SUFFICIENT,
} from "./cozystack-resources.ts";

/** The rule alone, on a schema-valid spec (whatever the other rules say about it). */
function run(input: unknown) {
  return cozystackResourcesRule(SpecSchema.parse(input)).map((i) => `${i.code}@${i.path}`);
}

function variant(input: unknown) {
  return cozystackVariantRule(SpecSchema.parse(input)).map((i) => `${i.code}@${i.path}`);
}

describe("instanceSize", () => {
  it.each([
    ["t4g.xlarge", 4, 16],
    ["t4g.2xlarge", 8, 32],
    ["m7g.2xlarge", 8, 32],
    ["c7g.2xlarge", 8, 16],
    ["r8g.xlarge", 4, 32],
    ["m7g.metal", 64, 256],
    ["t3.small", 2, 2],
  ])("%s has %i vCPU and %i GiB", (type, vcpu, memoryGiB) => {
    expect(instanceSize(type)).toEqual({ vcpu, memoryGiB });
  });
  it("does not guess unknown types", () => {
    expect(instanceSize("x2gd.xlarge")).toBeUndefined();
    expect(instanceSize("t4g.4xlarge")).toBeUndefined();
  });
});

describe("cozystack.below-minimum-resources", () => {
  it("the smallest sufficient types meet the minimum", () => {
    for (const t of Object.values(SMALLEST_SUFFICIENT)) {
      const s = instanceSize(t);
      expect(s?.vcpu).toBeGreaterThanOrEqual(COZYSTACK_MINIMUM.vcpu);
      expect(s?.memoryGiB).toBeGreaterThanOrEqual(COZYSTACK_MINIMUM.memoryGiB);
    }
  });

  it("warns on t4g.xlarge nodes and 40 GB volumes, the default lab's former size (below 8 cores / 24 GB / 50 GB)", () => {
    expect(run(patched("moon", { nodes: { instanceType: "t4g.xlarge", volumeGb: 40 } }))).toEqual([
      "cozystack.below-minimum-resources@nodes.instanceType",
      "cozystack.below-minimum-resources@nodes.volumeGb",
    ]);
  });

  it("is quiet for the default lab and for the schema's default nodes (t4g.2xlarge / t3.2xlarge, 50 GB)", () => {
    expect(run(exampleObject("moon"))).toEqual([]);
    expect(run(patched("moon", { nodes: undefined }))).toEqual([]);
    // listed nodes without a type or size take DEFAULT_INSTANCE of the arch and 50 GB (src/spec/nodes.ts)
    const listed = [{ name: "a" }, { name: "b" }, { name: "c" }];
    expect(run(patched("moon", { nodes: listed }))).toEqual([]);
    expect(run(patched("moon", { nodes: listed, arch: "amd64" }))).toEqual([]);
  });

  it("is quiet for t4g.2xlarge nodes with 50 GB volumes", () => {
    expect(run(patched("moon", { nodes: { instanceType: "t4g.2xlarge", volumeGb: 50 } }))).toEqual([]);
  });

  it("points at the listed node that is too small", () => {
    const nodes = [
      { name: "a", role: "controlplane", group: "gateway", instanceType: "m7g.2xlarge", volumeGb: 60 },
      { name: "b", instanceType: "c7g.2xlarge", volumeGb: 60 },
      { name: "c", instanceType: "m7g.2xlarge", volumeGb: 60 },
    ];
    expect(run(patched("moon", { nodes }))).toEqual(["cozystack.below-minimum-resources@nodes[1].instanceType"]);
  });

  it("warns on fewer than three nodes, at home too, but does not size home machines by instance type", () => {
    const home = patched("home", {});
    const two = (home.nodes as unknown[]).slice(0, 2);
    expect(run({ ...home, nodes: two })).toEqual(["cozystack.below-minimum-resources@nodes"]);
    expect(run(home)).toEqual([]);
  });

  it("is a warning that blocks until acknowledged (NEEDS_ACK in validate.ts)", () => {
    const [i] = cozystackResourcesRule(
      specOf(patched("moon", { nodes: { instanceType: "t4g.2xlarge", volumeGb: 50 } })),
    );
    expect(i).toBeUndefined();
    const w = cozystackResourcesRule(SpecSchema.parse(patched("moon", { nodes: { instanceType: "t4g.xlarge" } })));
    expect(w.every((x) => x.severity === "warning" && x.fix !== undefined)).toBe(true);
  });
});

describe("cozystack.variant-unknown", () => {
  it("accepts isp-full on v1.6.2 and rejects a v0 bundle name there, with the allowed list", () => {
    expect(variant(patched("home", { cozystack: { variant: "isp-full" } }))).toEqual([]);
    const [i] = cozystackVariantRule(SpecSchema.parse(patched("home", { cozystack: { variant: "paas-full" } })));
    expect(i?.code).toBe("cozystack.variant-unknown");
    expect(i?.path).toBe("cozystack.variant");
    expect(i?.allowed).toContain("isp-full");
  });
  it("accepts paas-full on the v0 line", () => {
    const v0 = patched("home", {
      talos: { version: "v1.11.5" },
      cozystack: { version: "v0.41.11", variant: "paas-full" },
    });
    expect(variant(v0)).toEqual([]);
    expect(validateObject(v0).ok).toBe(true);
  });
  it("is enforced by validation, with its path", () => {
    const v = validateObject(patched("moon", { cozystack: { variant: "paas-full" } }));
    expect(v.ok).toBe(false);
    expect(v.issues.map((i) => `${i.code}@${i.path}`)).toContain("cozystack.variant-unknown@cozystack.variant");
  });
});
