import { describe, expect, it } from "vitest";
import { bastionTarget, labs } from "../../../test/fakes/bastion-tree.ts";
import check from "./dnsmasq-pxe-boot.ts";

describe("t03/dnsmasq-pxe-boot", () => {
  it("passes for full DHCP and proxy-DHCP; not applicable on AWS", () => {
    expect(check.plan?.(bastionTarget(labs.local()))?.status).toBe("pass");
    expect(check.plan?.(bastionTarget(labs.home()))?.status).toBe("pass");
    expect(check.plan?.(bastionTarget(labs.moon()))?.status).toBe("not-applicable");
  });
  it("fails on the wrong arm64 match (the copied doc's 7), DNS on, and no iPXE answer", () => {
    const o = check.plan?.(
      bastionTarget(labs.local(), {
        "bastion/dnsmasq/dnsmasq.conf": (t) =>
          t
            .replace("option:client-arch,11", "option:client-arch,77")
            .replace("port=0\n", "")
            .replace(/dhcp-boot=tag:ipxe,.*\n/, ""),
      }),
    );
    expect(o?.status).toBe("fail");
    expect(o?.evidence).toEqual([
      "dnsmasq serves DNS (port=0 missing): Pi-hole owns :53",
      "client-arch 11 is not matched",
      "iPXE clients are not sent to http://10.17.13.140:8080/boot.ipxe",
    ]);
  });
});
