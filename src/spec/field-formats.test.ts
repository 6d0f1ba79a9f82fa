import { describe, expect, it } from "vitest";
import { exampleObject } from "../../test/support/lab.ts";
import { validateObject } from "./validate.ts";

type Lab = { network: Record<string, unknown>; nodes: Record<string, unknown>[]; bastion: Record<string, unknown> };

describe("a missing required field does not hide the format problems of the present fields", () => {
  it("reports network.subnet missing, the /33 CIDR and the bad MAC together", () => {
    const spec = exampleObject("home") as unknown as Lab;
    delete spec.network.subnet;
    spec.network.cidr = "10.17.13.0/33";
    (spec.nodes[1] as Record<string, unknown>).mac = "52:54:00:13:01";
    spec.bastion.address = "10.17.13.300";
    const v = validateObject(spec);
    expect(v.ok).toBe(false);
    const got = v.issues.map((i) => `${i.code}@${i.path}`);
    expect(got).toEqual(
      expect.arrayContaining([
        "spec.invalid-type@network.subnet",
        "network.cidr-invalid@network.cidr",
        "node.mac-invalid@nodes[1].mac",
        "address.invalid@bastion.address",
      ]),
    );
    // Each problem once.
    expect(new Set(got).size).toBe(got.length);
  });

  it("adds nothing when the present fields are well formed", () => {
    const spec = exampleObject("home") as unknown as Lab;
    delete spec.network.subnet;
    expect(validateObject(spec).issues.map((i) => i.code)).toEqual(["spec.invalid-type"]);
  });
});
