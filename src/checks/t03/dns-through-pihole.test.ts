import { describe, expect, it } from "vitest";
import { fakeBastion } from "../../../test/fakes/bastion.ts";
import { bastionTarget, labs, liveTarget } from "../../../test/fakes/bastion-tree.ts";
import check from "./dns-through-pihole.ts";

const moon = labs.moon();
const records = () =>
  Object.fromEntries([
    ...moon.nodes.map((n) => [`${n.hostname}.moon.lab`, [n.address]]),
    ["api.moon.lab", [moon.talos.controlPlaneAddress]],
  ]);

describe("t03/dns-through-pihole", () => {
  it("plan: passes on the rendered Pi-hole settings", () => {
    const o = check.plan?.(bastionTarget(moon));
    expect(o?.status).toBe("pass");
  });
  it("plan: fails on an open resolver, a missing record and a password in the tree", () => {
    const o = check.plan?.(
      bastionTarget(moon, {
        "bastion/pihole/pihole.env": (t) =>
          `${t.replace("LOCAL", "ALL").replace(/10\.10\.0\.101 moon-gateway-1 moon-gateway-1\.moon\.lab;/, "")}FTLCONF_webserver_api_password=x\n`,
      }),
    );
    expect(o?.status).toBe("fail");
    expect(o?.evidence).toEqual([
      "listening mode ALL, want LOCAL",
      "no local record moon-gateway-1 -> 10.10.0.101",
      "no local record moon-gateway-1.moon.lab -> 10.10.0.101",
      "pihole.env carries a password (a secret in the tree)",
    ]);
  });
  it("plan: fails when the firewall lets DNS in from anywhere", () => {
    const o = check.plan?.(
      bastionTarget(moon, { "bastion/firewall.nft": (t) => t.replace(/.*udp th dport.*\n/g, "") }),
    );
    expect(o?.evidence).toContain("firewall.nft does not drop DNS from outside 10.10.0.0/24");
  });
  it("live: resolves every node and the API name through the bastion", async () => {
    expect((await check.live?.(liveTarget(moon, { bastion: fakeBastion({ dns: records() }) })))?.status).toBe("pass");
    const wrong = { ...records(), "api.moon.lab": ["10.10.0.199"] };
    const o = await check.live?.(liveTarget(moon, { bastion: fakeBastion({ dns: wrong }) }));
    expect(o?.evidence).toEqual(["api.moon.lab resolved to 10.10.0.199, want 10.10.0.101"]);
  });
});
