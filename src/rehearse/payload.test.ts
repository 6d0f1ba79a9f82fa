import { describe, expect, it } from "vitest";
import { parseReport } from "./payload.ts";

describe("parseReport", () => {
  it("reads the payload's key=value report, the command line whole", () => {
    const r = parseReport(
      "mac=52:54:00:D7:07:11\nip=10.213.7.11\ndhcp_server=10.213.7.2\nconfig_url=http://x/generic?mac=a\n" +
        "config_sha256=abc\nconfig_bytes=42\npulls=3/3\ncmdline=initrd=initramfs-amd64.xz talos.config=http://x/generic?mac=a b=c\n",
    );
    expect(r).toEqual({
      mac: "52:54:00:d7:07:11",
      ip: "10.213.7.11",
      dhcpServer: "10.213.7.2",
      configUrl: "http://x/generic?mac=a",
      configSha256: "abc",
      configBytes: 42,
      pulls: "3/3",
      cmdline: "initrd=initramfs-amd64.xz talos.config=http://x/generic?mac=a b=c",
    });
  });
  it("leaves what the payload could not fetch empty", () => {
    const r = parseReport(
      "mac=52:54:00:00:00:01\nip=10.0.0.9\nconfig_url=\nconfig_sha256=\nconfig_bytes=\ncmdline=quiet\n",
    );
    expect(r.configBytes).toBeUndefined();
    expect(r.configSha256).toBe("");
    expect(r.cmdline).toBe("quiet");
  });
});
