import { describe, expect, it } from "vitest";
import { exampleObject, patched } from "../../test/support/lab.ts";
import { validateObject } from "./validate.ts";

const warnings = (input: unknown) =>
  validateObject(input)
    .issues.filter((i) => i.severity === "warning" && i.acknowledged === undefined)
    .map((i) => `${i.code}@${i.path}`);

describe("fields the target does not use", () => {
  it("home: region, schedule, budget and a node's instance type and purchase are warned about", () => {
    const spec = patched("home", {
      region: "us-east-1",
      budget: { monthly: 5 },
      bastion: { schedule: { start: "08:00" } },
    });
    (spec.nodes as Record<string, unknown>[])[0] = {
      ...(spec.nodes as Record<string, unknown>[])[0],
      instanceType: "t4g.large",
      purchase: "spot",
    };
    expect(warnings(spec).sort()).toEqual(
      [
        "target.field-not-applicable@region",
        "target.field-not-applicable@budget",
        "target.field-not-applicable@bastion.schedule",
        "target.field-not-applicable@nodes[0].instanceType",
        "target.field-not-applicable@nodes[0].purchase",
      ].sort(),
    );
  });
  it("aws: the same fields are its own, no warning", () => {
    expect(warnings(exampleObject("moon"))).toEqual([]);
  });
  it("an acknowledgement of a validation code that nothing raised is reported; check and scanner ids are not", () => {
    const spec = exampleObject("moon");
    spec.acknowledgements = [
      ...(spec.acknowledgements as object[]),
      { id: "network.no-such-code", reason: "left over from an older spec" },
      { id: "t09/no-public-ingress", reason: "matched by the suite at check time" },
    ];
    expect(warnings(spec)).toEqual([
      `acknowledgement.unused@acknowledgements[${(spec.acknowledgements as object[]).length - 2}]`,
    ]);
  });
});
