import { describe, expect, it } from "vitest";
import { rebaseWord } from "./stage.ts";

describe("rebaseWord", () => {
  it("moves bastion host paths under the rehearsal root, in options too", () => {
    expect(rebaseWord("/r", "--tftp-root=/srv/moonlab/tftp")).toBe("--tftp-root=/r/srv/moonlab/tftp");
    expect(rebaseWord("/r", "--conf-file=/etc/moonlab/dnsmasq.conf")).toBe("--conf-file=/r/etc/moonlab/dnsmasq.conf");
    expect(rebaseWord("/r", "/var/log/moonlab/dnsmasq.log")).toBe("/r/var/log/moonlab/dnsmasq.log");
    expect(rebaseWord("/r", "--pid-file=/run/moonlab-dnsmasq.pid")).toBe("--pid-file=/r/run/moonlab-dnsmasq.pid");
  });
  it("leaves other words alone", () => {
    expect(rebaseWord("/r", "--keep-in-foreground")).toBe("--keep-in-foreground");
    expect(rebaseWord("/r", "/etc/moonlabx/file")).toBe("/etc/moonlabx/file");
    expect(rebaseWord("/r", "/usr/sbin/dnsmasq")).toBe("/usr/sbin/dnsmasq");
  });
});
