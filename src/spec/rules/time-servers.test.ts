import { describe, expect, it } from "vitest";
import { patched, planOf } from "../../../test/support/lab.ts";
import { validateObject } from "../validate.ts";

const issues = (input: unknown) => {
  const v = validateObject(input);
  return v.ok ? [] : v.issues.filter((i) => i.code.startsWith("talos.time-server"));
};

describe("talos.timeServers", () => {
  it("defaults: Amazon Time Sync on aws, the public NTP pool at home and locally (not the LAN gateway)", () => {
    expect(planOf(patched("moon", {})).talos.timeServers).toEqual(["169.254.169.123"]);
    expect(planOf(patched("home", {})).talos.timeServers).toEqual(["pool.ntp.org"]);
    expect(planOf(patched("local", {})).talos.timeServers).toEqual(["pool.ntp.org"]);
  });

  it("takes the spec's servers (hostnames, IPv4, IPv6) in order", () => {
    const plan = planOf(
      patched("home", { talos: { timeServers: ["192.168.1.1", "time.cloudflare.com", "2606:4700:f1::1"] } }),
    );
    expect(plan.talos.timeServers).toEqual(["192.168.1.1", "time.cloudflare.com", "2606:4700:f1::1"]);
  });

  it("rejects an empty list, a malformed entry and a duplicate, each with its path and a fix", () => {
    expect(issues(patched("home", { talos: { timeServers: [] } })).map((i) => `${i.code}@${i.path}`)).toEqual([
      "talos.time-servers-empty@talos.timeServers",
    ]);
    const found = issues(patched("home", { talos: { timeServers: ["pool.ntp.org", "ntp server", "pool.ntp.org"] } }));
    expect(found.map((i) => `${i.code}@${i.path}`)).toEqual([
      "talos.time-server-invalid@talos.timeServers[1]",
      "talos.time-server-duplicate@talos.timeServers[2]",
    ]);
    expect(found[0]?.received).toBe('"ntp server"');
    expect(found[0]?.fix).toMatch(/hostname or an IP address/);
  });

  it("refuses Amazon Time Sync off AWS, and an AWS lab without it", () => {
    const home = issues(patched("home", { talos: { timeServers: ["169.254.169.123"] } }));
    expect(home.map((i) => `${i.code}@${i.path}`)).toEqual(["talos.time-server-aws-only@talos.timeServers[0]"]);
    const aws = issues(patched("moon", { talos: { timeServers: ["pool.ntp.org"] } }));
    expect(aws.map((i) => `${i.code}@${i.path}`)).toEqual([
      "talos.time-servers-aws-without-time-sync@talos.timeServers",
    ]);
    expect(aws[0]?.fix).toMatch(/169\.254\.169\.123/);
    expect(issues(patched("moon", { talos: { timeServers: ["169.254.169.123", "pool.ntp.org"] } }))).toEqual([]);
  });
});
