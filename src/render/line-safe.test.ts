// The guard in each line-oriented serializer, format by format: a value that would start a new line (a new
// directive, variable or command) is refused even when it reaches the serializer directly.
import { describe, expect, it } from "vitest";
import { exampleObject, planOf } from "../../test/support/lab.ts";
import { profileOf } from "./bastion/matchbox.ts";
import { envFileText, piholeEnv } from "./bastion/pihole.ts";
import { dnsmasqText, shellWord, systemdWord, unitText } from "./bastion/serialize.ts";
import { assertPlanLineSafe, UnsafeValueError } from "./line-safe.ts";

const BREAKS = ["a\nb", "a\rb", "a\u2028b", "a\u0085b", "a\u0000b", "a\u000bb"];

describe("line-oriented serializers refuse line breaks", () => {
  it.each(BREAKS)("dnsmasq.conf: value, key and comment (%j)", (bad) => {
    expect(() => dnsmasqText([{ key: "domain", value: bad }])).toThrow(UnsafeValueError);
    expect(() => dnsmasqText([{ key: bad }])).toThrow(UnsafeValueError);
    expect(() => dnsmasqText([{ comment: bad }])).toThrow(UnsafeValueError);
    expect(dnsmasqText([{ key: "domain", value: "moon.lab" }])).toBe("domain=moon.lab\n");
  });

  it.each(BREAKS)("env files (%j)", (bad) => {
    expect(() => envFileText({ TZ: bad })).toThrow(UnsafeValueError);
    expect(() => envFileText({ [bad]: "x" })).toThrow(UnsafeValueError);
  });

  it.each(BREAKS)("systemd units and shell scripts (%j)", (bad) => {
    expect(() => unitText({ Unit: [["Description", bad]], Service: [], Install: [] })).toThrow(UnsafeValueError);
    expect(() => shellWord(bad)).toThrow(UnsafeValueError);
    expect(() => systemdWord(bad)).toThrow(UnsafeValueError);
    // Quoting still covers everything else.
    expect(shellWord("a b;$(rm -rf /)")).toBe("'a b;$(rm -rf /)'");
  });

  it("Pi-hole's ;-separated lists refuse a value holding ; (it would add an upstream)", () => {
    const plan = planOf(exampleObject("moon"));
    const bad = {
      ...plan,
      services: { ...plan.services, dns: { ...plan.services.dns, upstreams: ["1.1.1.1;6.6.6.6"] } },
    };
    expect(() => piholeEnv(bad)).toThrow(UnsafeValueError);
  });

  it("matchbox kernel args refuse a space (it would add a kernel parameter)", () => {
    const plan = planOf(exampleObject("home"));
    const node = plan.nodes[0] as (typeof plan.nodes)[number];
    const bad = {
      ...plan,
      services: { ...plan.services, matchbox: { ...plan.services.matchbox, url: "http://x init=/bin/sh" } },
    };
    expect(() => profileOf(bad, node)).toThrow(UnsafeValueError);
    expect(profileOf(plan, node).boot.args.every((a) => !/\s/.test(a))).toBe(true);
  });

  it("the plan guard finds a break at any depth and names where", () => {
    const plan = planOf(exampleObject("moon"));
    expect(() => assertPlanLineSafe({ ...plan, nodes: [{ ...plan.nodes[0], installDisk: "/dev/sda\nx" }] })).toThrow(
      /plan\.nodes\[0\]\.installDisk/,
    );
    expect(() => assertPlanLineSafe(plan)).not.toThrow();
  });
});
