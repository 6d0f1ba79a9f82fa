import { describe, expect, it } from "vitest";
import { fakeBastion } from "../../../test/fakes/bastion.ts";
import { labs, liveTarget } from "../../../test/fakes/bastion-tree.ts";
import check from "./dhcp-ack-per-node.ts";

const plan = labs.local();
const ack = (n: (typeof plan.nodes)[number]) =>
  `Nov 26 12:00:01 dnsmasq-dhcp[7]: 123 DHCPACK(br0) ${n.address} ${n.mac} ${n.hostname}`;

describe("t04/dhcp-ack-per-node", () => {
  it("passes when the log holds a DHCPACK per node with its address", async () => {
    const log = plan.nodes.map(ack).join("\n");
    const o = await check.live?.(
      liveTarget(plan, { bastion: fakeBastion({ files: { "/var/log/moonlab/dnsmasq.log": log } }) }),
    );
    expect(o?.status).toBe("pass");
  });
  it("fails for a node without DHCPACK", async () => {
    const log = plan.nodes.slice(1).map(ack).join("\n");
    const o = await check.live?.(
      liveTarget(plan, { bastion: fakeBastion({ files: { "/var/log/moonlab/dnsmasq.log": log } }) }),
    );
    expect(o?.evidence).toEqual([`no DHCPACK for home-gateway-1 (52:54:00:13:01:41)`]);
  });
  it("is not applicable on AWS and with proxy-DHCP, and without bastion access", async () => {
    expect((await check.live?.(liveTarget(labs.moon(), { bastion: fakeBastion() })))?.status).toBe("not-applicable");
    expect((await check.live?.(liveTarget(labs.home(), { bastion: fakeBastion() })))?.status).toBe("not-applicable");
    expect((await check.live?.(liveTarget(plan, {})))?.status).toBe("not-applicable");
  });
});
