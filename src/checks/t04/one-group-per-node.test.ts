import { describe, expect, it } from "vitest";
import { bastionTarget, jsonEdit, labs } from "../../../test/fakes/bastion-tree.ts";
import check from "./one-group-per-node.ts";

describe("t04/one-group-per-node", () => {
  it("passes on every example (node= on AWS, mac= at home)", () => {
    for (const make of Object.values(labs)) expect(check.plan?.(bastionTarget(make()))?.status).toBe("pass");
    expect(check.plan?.(bastionTarget(labs.moon()))?.evidence[0]).toBe(
      "moon-gateway-1: one group, selector node=moon-gateway-1",
    );
  });
  it("fails on a shared selector, a default group and a missing profile", () => {
    const o = check.plan?.(
      bastionTarget(labs.home(), {
        "bastion/matchbox/groups/home-compute-2.json": jsonEdit((g) => (g.selector = { mac: "52:54:00:13:01:42" })),
        "bastion/matchbox/groups/home-gateway-1.json": jsonEdit((g) => {
          g.selector = {};
          g.profile = "nope";
        }),
      }),
    );
    expect(o?.status).toBe("fail");
    expect(o?.evidence).toEqual([
      "bastion/matchbox/groups/home-compute-2.json and bastion/matchbox/groups/home-compute-1.json share the selector mac=52:54:00:13:01:42",
      "bastion/matchbox/groups/home-gateway-1.json has no selector: it would match every machine",
      "bastion/matchbox/groups/home-gateway-1.json names profile nope, which does not exist",
      "home-gateway-1 (mac=52:54:00:13:01:41) has 0 groups",
      "home-compute-1 (mac=52:54:00:13:01:42) has 2 groups",
      "home-compute-2 (mac=52:54:00:13:01:43) has 0 groups",
      "bastion/matchbox/groups/home-gateway-1.json selects no node of the plan",
    ]);
  });
});
