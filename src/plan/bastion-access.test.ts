import { describe, expect, it } from "vitest";
import { UsageError } from "../errors.ts";
import { accessNeedsSessionPlugin, chooseBastionAccess } from "./bastion-access.ts";
import { loadLab } from "./load-lab.ts";
import type { Plan } from "./types.ts";

const base = loadLab(undefined).plan;
const withBastion = (b: Partial<Plan["bastion"]>, target: Plan["target"] = "aws"): Plan =>
  ({ ...base, target, bastion: { ...base.bastion, ...b } }) as Plan;

describe("chooseBastionAccess", () => {
  it("the default lab (no SSH source, ssm on) goes over SSM with a pushed session key", () => {
    expect(base.bastion.sshSources).toEqual([]);
    const a = chooseBastionAccess(base, {});
    expect(a).toEqual({ kind: "ssm", key: "pushed", user: "ec2-user", port: 22 });
    expect(accessNeedsSessionPlugin(a)).toBe(true);
  });

  it("an SSH source in the spec means plain SSH to the public address, still with a pushed key", () => {
    const a = chooseBastionAccess(withBastion({ sshSources: ["203.0.113.7/32"] }), {});
    expect(a).toEqual({ kind: "ssh", key: "pushed", user: "ec2-user", port: 22 });
    expect(accessNeedsSessionPlugin(a)).toBe(false);
  });

  it("--bastion-ssh wins over everything but --bastion-local, with the operator's own key", () => {
    expect(chooseBastionAccess(base, { bastionSsh: "admin@198.51.100.2:2222" })).toEqual({
      kind: "ssh",
      key: "own",
      user: "admin",
      host: "198.51.100.2",
      port: 2222,
    });
    expect(chooseBastionAccess(base, { bastionSsh: "bastion.example" })).toMatchObject({
      user: "ec2-user",
      host: "bastion.example",
      port: 22,
    });
    expect(chooseBastionAccess(base, { bastionSsh: "x@y", bastionLocal: true })).toEqual({ kind: "local" });
  });

  it("a malformed --bastion-ssh names the flag and the expected form", () => {
    expect(() => chooseBastionAccess(base, { bastionSsh: "a@b@c" })).toThrow(/--bastion-ssh a@b@c: expected user@host/);
  });

  it("no SSH source and ssm off: exit 2 naming both spec fields and the fix", () => {
    const plan = withBastion({ ssm: false });
    let err: unknown;
    try {
      chooseBastionAccess(plan, {});
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).exitCode).toBe(2);
    const m = (err as Error).message;
    expect(m).toContain("bastion.ssm is false");
    expect(m).toContain("bastion.ssh.sources is empty");
    expect(m).toContain("Set bastion.ssm: true");
    expect(m).toContain("--bastion-ssh");
  });

  it("a home lab has no AWS path: --bastion-local or --bastion-ssh", () => {
    expect(() => chooseBastionAccess(withBastion({}, "home"), {})).toThrow(/--bastion-local .* --bastion-ssh/);
    expect(chooseBastionAccess(withBastion({}, "home"), { bastionLocal: true })).toEqual({ kind: "local" });
  });
});
