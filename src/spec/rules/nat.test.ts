import { describe, expect, it } from "vitest";
import { patched, planOf } from "../../../test/support/lab.ts";
import { validateObject } from "../validate.ts";

const issues = (input: unknown) => {
  const v = validateObject(input);
  return v.ok ? [] : v.issues.filter((i) => i.code.startsWith("bastion.nat"));
};

describe("bastion.nat", () => {
  it("defaults to on at aws (with the example's public IPv4) and off elsewhere", () => {
    expect(planOf(patched("moon", {})).bastion.nat).toBe(true);
    expect(planOf(patched("moon", { bastion: { nat: false } })).bastion.nat).toBe(false);
    expect(planOf(patched("home", {})).bastion.nat).toBe(false);
  });

  it("needs a public IPv4 on the bastion: the issue names bastion.publicIpv4 and both fixes", () => {
    const found = issues(patched("moon", { bastion: { publicIpv4: false } }));
    expect(found.map((i) => `${i.code}@${i.path}`)).toEqual(["bastion.nat-needs-public-ipv4@bastion.publicIpv4"]);
    expect(found[0]?.fix).toMatch(/publicIpv4: true/);
    expect(found[0]?.fix).toMatch(/bastion\.nat: false/);
    expect(issues(patched("moon", { bastion: { publicIpv4: false, nat: false } }))).toEqual([]);
  });

  it("is refused at home and locally (the LAN's router gives the nodes IPv4 egress)", () => {
    const found = issues(patched("home", { bastion: { nat: true } }));
    expect(found.map((i) => `${i.code}@${i.path}`)).toEqual(["bastion.nat-aws-only@bastion.nat"]);
    expect(issues(patched("home", { bastion: { nat: false } })).map((i) => i.code)).toEqual(["bastion.nat-aws-only"]);
  });
});
