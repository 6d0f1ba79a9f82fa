import { describe, expect, it } from "vitest";
import { type NodeRun, sha256, verifyNode } from "./boot.ts";
import type { PhoneHomeReport } from "./payload.ts";

const profile = (name: string, schematic: string) => ({
  id: name,
  name,
  boot: {
    kernel: `/assets/talos/v1/${schematic}/kernel-amd64`,
    initrd: [`/assets/talos/v1/${schematic}/initramfs-amd64.xz`],
    args: ["initrd=initramfs-amd64.xz", "talos.platform=metal", `talos.config=http://b:8080/generic?mac=${name}`],
  },
  generic_id: `${name}.yaml`,
});
const a: NodeRun = {
  node: { name: "a", mac: "52:54:00:00:00:0a", address: "10.0.0.10", profile: profile("a", "s1") },
  firmware: "uefi",
  tap: "tap0",
};
const b = profile("b", "s2");
const report = (over: Partial<PhoneHomeReport> = {}): PhoneHomeReport => ({
  mac: "52:54:00:00:00:0a",
  ip: "10.0.0.10",
  dhcpServer: "10.0.0.2",
  configUrl: "http://b:8080/generic?mac=a",
  configSha256: sha256("config of a"),
  configBytes: 11,
  pulls: "3/3",
  cmdline: `kernel-amd64 ${a.node.profile.boot.args.join(" ")}`,
  ...over,
});
const logs = {
  dnsmasq:
    "dnsmasq-dhcp[1]: 1 DHCPACK(br0) 10.0.0.10 52:54:00:00:00:0a a\n" +
    "dnsmasq-tftp[1]: sent /r/srv/moonlab/tftp/ipxe.efi to 10.0.0.10\n",
  matchbox:
    'level=info msg="HTTP GET /assets/talos/v1/s1/kernel-amd64"\n' +
    'level=info msg="HTTP GET /assets/talos/v1/s1/initramfs-amd64.xz"\n',
};
const booted = { seconds: 20, consoleLog: "c.log" };

describe("verifyNode", () => {
  it("passes a node that got its own profile, lease, config and assets (UEFI image name tolerated)", () => {
    const o = verifyNode(a, booted, report(), logs, { configText: "config of a" });
    expect(o.problems).toEqual([]);
    expect(o.ok).toBe(true);
  });
  it("fails a node that booted another node's profile", () => {
    const o = verifyNode(a, booted, report({ cmdline: b.boot.args.join(" ") }), logs, { configText: "config of a" });
    expect(o.ok).toBe(false);
    expect(o.problems.join("\n")).toMatch(/expected its profile's args/);
  });
  it("fails on another node's machine config, a dynamic lease, a missing DHCPACK, asset or TFTP", () => {
    const o = verifyNode(
      a,
      booted,
      report({ configSha256: sha256("config of b"), ip: "10.0.0.120" }),
      { dnsmasq: "", matchbox: 'msg="HTTP GET /assets/talos/v1/s2/kernel-amd64"' },
      { configText: "config of a" },
    );
    const text = o.problems.join("\n");
    expect(text).toMatch(/machine config .* expected/);
    expect(text).toMatch(/leased 10\.0\.0\.120, expected its static lease 10\.0\.0\.10/);
    expect(text).toMatch(/no DHCPACK/);
    expect(text).toMatch(/did not log GET \/assets\/talos\/v1\/s1\/kernel-amd64/);
    expect(text).toMatch(/did not send ipxe\.efi/);
  });
  it("fails a node that never phoned home", () => {
    const o = verifyNode(a, { error: "timed out", consoleLog: "c" }, undefined, logs, {});
    expect(o.ok).toBe(false);
    expect(o.problems[0]).toBe("timed out");
  });
});
