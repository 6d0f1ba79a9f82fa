import { describe, expect, it } from "vitest";
import { costTarget, withCostJson } from "../../../test/fakes/billing-targets.ts";
import { exampleObject, patched, planOf } from "../../../test/support/lab.ts";
import check from "./cost-report-itemized.ts";

describe("t08/cost-report-itemized", () => {
  it("passes the default lab's report and prints the free tier, the month and both comparisons", () => {
    const o = check.plan?.(costTarget(planOf(exampleObject("moon"))));
    expect(o?.status).toBe("pass");
    expect(o?.evidence[1]).toMatch(/^free tier: none: no free tier at all/);
    expect(o?.evidence[2]).toBe(
      "month of 30.42 sessions: $90.19 (list $90.19); with a NAT gateway $136.18; on EKS $117.50",
    );
  });

  it("wants a public IPv4 item when the bastion has a public address", () => {
    const plan = planOf(exampleObject("moon")); // publicIpv4: true (the NAT instance needs it)
    expect(check.plan?.(costTarget(plan))?.status).toBe("pass");
    const t = withCostJson(plan, (c) => {
      const s = c.session as { items: { id: string }[] };
      return { ...c, session: { ...s, items: s.items.filter((i) => !i.id.startsWith("ipv4:")) } };
    });
    const o = check.plan?.(t);
    expect(o?.status).toBe("fail");
    expect(o?.evidence).toContain("the bastion has a public IPv4 but no public IPv4 item");
  });

  it("fails a report missing a host's items, a source, or the plan's free-tier mode", () => {
    const plan = planOf(patched("moon", { cost: { freeTier: "credits" } }));
    const t = withCostJson(plan, (c) => {
      const s = c.session as { items: { id: string; source: string }[] };
      const items = s.items
        .filter((i) => i.id !== "instance:moon-compute-2")
        .map((i) => (i.id === "ebs:moon-bastion" ? { ...i, source: "" } : i));
      return { ...c, session: { ...s, items }, freeTier: { mode: "none", assumes: "x" } };
    });
    const o = check.plan?.(t);
    expect(o?.status).toBe("fail");
    expect(o?.evidence).toEqual([
      "no instance-hours item for moon-compute-2",
      "ebs:moon-bastion has no source",
      "free tier none in cost.json, credits in the plan",
    ]);
  });

  it("is not applicable at home", () => {
    expect(check.plan?.(costTarget(planOf(exampleObject("home"))))?.status).toBe("not-applicable");
  });
});
