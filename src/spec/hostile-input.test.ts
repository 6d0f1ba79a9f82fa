// Bad input a careless user or an attacker writes: every case is an issue with a code, never a throw.
import { describe, expect, it } from "vitest";
import { exampleText, patched } from "../../test/support/lab.ts";
import { formatIssue } from "./issue.ts";
import { validateObject, validateYaml } from "./validate.ts";

const codesOf = (v: ReturnType<typeof validateYaml>) =>
  v.issues.filter((i) => i.severity === "error").map((i) => `${i.code}@${i.path}`);

describe("echoes of hostile values", () => {
  it("Infinity is shown as Infinity, not null", () => {
    const v = validateYaml(exampleText("moon").replace(/^name: .*$/m, "name: moon\nbudget:\n  monthly: .inf"));
    const i = v.issues.find((x) => x.path === "budget.monthly");
    // Infinity passes min(0) in zod only if not refused: either way nothing may say null.
    for (const x of v.issues) expect(x.received).not.toBe("null");
    if (i) expect(i.received).toBe("Infinity");
    const n = validateObject(patched("moon", { bastion: { volumeGb: Number.POSITIVE_INFINITY } }));
    expect(n.issues.find((x) => x.path === "bastion.volumeGb")?.received).toBe("Infinity");
  });

  it("a 50 MB name is echoed truncated", () => {
    const huge = "A".repeat(50 * 1024 * 1024);
    const v = validateObject(patched("moon", { name: huge, [`k${huge.slice(0, 10_000)}`]: 1 }));
    expect(v.ok).toBe(false);
    for (const i of v.issues) expect(formatIssue(i).length).toBeLessThan(2000);
    expect(v.issues.find((x) => x.path === "name")?.received).toMatch(/\(52428802 characters\)$/);
  });
});

describe("validation gaps", () => {
  it("a region that only matches the pattern is refused against the price/instance table", () => {
    expect(codesOf(validateObject(patched("moon", { region: "eu-moon-9" })))).toContain("aws.region-unknown@region");
  });

  it("an instance type that does not exist is refused", () => {
    const v = validateObject(
      patched("moon", { nodes: { instanceType: "t4g.huge" }, bastion: { instanceType: "t4g.tiny" } }),
    );
    expect(codesOf(v)).toEqual(
      expect.arrayContaining([
        "aws.instance-type-unknown@nodes.instanceType",
        "aws.instance-type-unknown@bastion.instanceType",
      ]),
    );
  });

  it("home and local targets are not held to the AWS catalog", () => {
    const v = validateYaml(exampleText("home"));
    expect(v.ok).toBe(true);
  });

  it("a reason made of spaces is refused", () => {
    const v = validateObject(
      patched("moon", { acknowledgements: [{ id: "cozystack.arm64-experimental", reason: " ".repeat(40) }] }),
    );
    expect(codesOf(v)).toContain("spec.invalid-format@acknowledgements[0].reason");
  });

  it("an acknowledgement of an id that does not exist is refused", () => {
    const v = validateObject(
      patched("moon", {
        acknowledgements: [
          { id: "cozystack.arm64-experimental", reason: "we validate arm64 on purpose here" },
          { id: "cozystack.arm64-experimentl", reason: "a typo acknowledges nothing at all" },
        ],
      }),
    );
    expect(codesOf(v)).toContain("acknowledgement.unknown-id@acknowledgements[1].id");
  });
});

describe("bootMode ami", () => {
  it("is refused with the reason: its machine config (CA keys, tokens) could only be EC2 user-data", () => {
    const v = validateObject(patched("moon", { talos: { bootMode: "ami" } }));
    const i = v.issues.find((x) => x.code === "talos.boot-mode-ami-secrets");
    expect(i?.path).toBe("talos.bootMode");
    expect(i?.message).toMatch(/user-data/);
  });
});
