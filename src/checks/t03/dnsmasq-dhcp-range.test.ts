import { describe, expect, it } from "vitest";
import { fakeBastion } from "../../../test/fakes/bastion.ts";
import { bastionTarget, labs, liveTarget } from "../../../test/fakes/bastion-tree.ts";
import check from "./dnsmasq-dhcp-range.ts";

describe("t03/dnsmasq-dhcp-range", () => {
  it("passes: full DHCP (local), proxy (home), none on AWS", () => {
    for (const make of Object.values(labs)) expect(check.plan?.(bastionTarget(make()))?.status).toBe("pass");
    expect(check.plan?.(bastionTarget(labs.moon()))?.evidence[0]).toMatch(/DHCP is off on target aws/);
  });
  it("fails when the range swallows a node or leaves the subnet, or a lease is missing", () => {
    const o = check.plan?.(
      bastionTarget(labs.local(), {
        "bastion/dnsmasq/dnsmasq.conf": (t) =>
          t
            .replace("10.17.13.160,10.17.13.179", "10.17.13.100,10.17.14.10")
            .replace(/dhcp-host=52:54:00:13:01:43.*\n/, ""),
      }),
    );
    expect(o?.status).toBe("fail");
    expect(o?.evidence).toEqual([
      "range 10.17.13.100-10.17.14.10 leaves 10.17.13.0/24",
      "home-bastion 10.17.13.140 is inside the range 10.17.13.100-10.17.14.10",
      "home-gateway-1 10.17.13.141 is inside the range 10.17.13.100-10.17.14.10",
      "home-compute-1 10.17.13.142 is inside the range 10.17.13.100-10.17.14.10",
      "home-compute-2 10.17.13.143 is inside the range 10.17.13.100-10.17.14.10",
      "no static lease for home-compute-2 (52:54:00:13:01:43)",
    ]);
  });
  it("fails when dnsmasq is rendered on AWS", () => {
    const t = bastionTarget(labs.moon());
    const home = bastionTarget(labs.home());
    const both = { ...t, artifacts: home.artifacts };
    expect(check.plan?.(both)?.status).toBe("fail");
  });
  it("live: reads the range from the bastion's dnsmasq.conf", async () => {
    const plan = labs.local();
    const conf = bastionTarget(plan).artifacts.text("bastion/dnsmasq/dnsmasq.conf");
    const ok = fakeBastion({ files: { "/etc/moonlab/dnsmasq.conf": conf } });
    expect((await check.live?.(liveTarget(plan, { bastion: ok })))?.status).toBe("pass");
    expect((await check.live?.(liveTarget(plan, { bastion: fakeBastion() })))?.evidence).toEqual([
      "/etc/moonlab/dnsmasq.conf does not exist on the bastion",
    ]);
  });
});
