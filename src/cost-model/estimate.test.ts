// Line items against figures computed by hand (eu-west-1: t4g.small $0.0184/h, t4g.2xlarge $0.2944/h, spot assumed
// at 0.4 x on-demand, gp3 $0.088/GB-month over 730 h, public IPv4 $0.005/h, egress $0.09/GB, NAT $0.048/h +
// $0.048/GB, EKS $0.10/h). The default lab: gateway t4g.2xlarge on-demand, 2 x compute t4g.2xlarge spot, 50 GB each.
// A month is 7 x 730/168 = 30.4167 sessions, so a GB of volume for 5 h a session is 5/730 x 30.4167 = 1/4.8 GB-month.
import { describe, expect, it } from "vitest";
import { exampleObject, patched, planOf, planWithNodeType } from "../../test/support/lab.ts";
import { type CostItem, estimateCost, itemsBreaking } from "./estimate.ts";

const moon = () => planOf(exampleObject("moon"));
const byId = (items: readonly CostItem[], id: string) => {
  const i = items.find((x) => x.id === id);
  if (!i) throw new Error(`no item ${id} in ${items.map((x) => x.id).join(", ")}`);
  return i;
};

describe("estimateCost on the default lab (moon, eu-west-1)", () => {
  const e = estimateCost(moon());

  it("costs nothing at rest: no instance, volume or address survives sleep; the budget is one of two free", () => {
    expect(e.atRest.totalUsd).toBe(0);
    expect(e.atRest.totalUsd).toBeLessThanOrEqual(0.1);
    expect(e.atRest.items.map((i) => i.id)).toEqual(["budgets"]);
    expect(byId(e.atRest.items, "budgets").note).toContain("first two");
  });

  it("prices the bastion's session: 5 h x $0.0184 and 30 GB x 5/730 month x $0.088, its public IPv4 5 h x $0.005", () => {
    const inst = byId(e.session.items, "instance:moon-bastion");
    expect(inst.quantity).toBe(5);
    expect(inst.usd).toBeCloseTo(0.092, 10);
    const vol = byId(e.session.items, "ebs:moon-bastion");
    expect(vol.quantity).toBeCloseTo(0.2054794521, 9);
    expect(vol.usd).toBeCloseTo(0.0180821918, 9);
    // its public IPv4 (the nodes' NAT masquerades behind it): 5 address-hours x $0.005
    expect(byId(e.session.items, "ipv4:moon-bastion").usd).toBeCloseTo(0.025, 10);
  });

  it("prices each node: gateway 5 h x $0.2944 = $1.472, compute spot 0.4 x $0.2944 x 5 h = $0.5888, 50 GB x 5/730 x $0.088 = $0.0301370", () => {
    expect(byId(e.session.items, "instance:moon-gateway-1").usd).toBeCloseTo(1.472, 10);
    for (const n of ["moon-compute-1", "moon-compute-2"])
      expect(byId(e.session.items, `instance:${n}`).usd).toBeCloseTo(0.5888, 10);
    for (const n of ["moon-gateway-1", "moon-compute-1", "moon-compute-2"])
      expect(byId(e.session.items, `ebs:${n}`).usd).toBeCloseTo(0.0301369863, 9);
  });

  it("prices data transfer at 1 GB per session x $0.09 and totals the session at $2.965093", () => {
    expect(byId(e.session.items, "data-transfer-out").usd).toBeCloseTo(0.09, 10);
    // bastion 0.092 + 0.0180822 + its IPv4 0.025 + gateway 1.472 + compute 2 x 0.5888 + volumes 3 x 0.0301370 + egress 0.09
    expect(e.session.totalUsd).toBeCloseTo(2.9650931507, 9);
  });

  it("makes a month of 7 x 730/168 = 30.4167 sessions cost $90.1883", () => {
    expect(e.schedule.sessionsPerMonth).toBeCloseTo(30.4166667, 6);
    expect(e.schedule.labHoursPerMonth).toBeCloseTo(152.0833333, 6);
    // bastion 2.7983333 + its IPv4 0.7604167 + 6.25 GB-months x 0.088 = 0.55, gateway 1.472 x 30.4167 = 44.7733333, compute
    // 1.1776 x 30.4167 = 35.8186667, node volumes 3 x 50 / 4.8 = 31.25 GB-months x 0.088 = 2.75, egress 2.7375
    expect(e.month.listUsd).toBeCloseTo(90.18825, 6);
    expect(e.month.totalUsd).toBeCloseTo(90.18825, 6);
    expect(e.month.freeTierItems).toEqual([]);
  });

  it("compares with a NAT gateway: + 730 h x $0.048 + 152.08 GB x $0.048 + 730 h of an Elastic IP = $136.1783", () => {
    const nat = e.comparisons.natGateway;
    expect(byId(nat.items, "nat-gateway:hours").usd).toBeCloseTo(35.04, 10);
    expect(byId(nat.items, "nat-gateway:data").usd).toBeCloseTo(7.3, 10);
    expect(byId(nat.items, "ipv4:nat-gateway").usd).toBeCloseTo(3.65, 10);
    // 90.18825 + 35.04 + 7.3 + 3.65
    expect(nat.monthUsd).toBeCloseTo(136.17825, 6);
  });

  it("compares with EKS: control plane 730 h x $0.10 plus the workers (the gateway control plane goes) = $117.4983", () => {
    const eks = e.comparisons.eks;
    expect(byId(eks.items, "eks:control-plane").usd).toBeCloseTo(73, 10);
    expect(eks.items.some((i) => i.id === "instance:moon-gateway-1")).toBe(false);
    // 90.18825 - gateway 44.7733333 - its volume 50 / 4.8 x 0.088 = 0.9166667 + 73
    expect(eks.monthUsd).toBeCloseTo(117.49825, 6);
  });

  it("compares with the fleet on all month: $422.5011", () => {
    const on = e.comparisons.alwaysOn;
    expect(byId(on.items, "instance:moon-bastion").usd).toBeCloseTo(13.432, 10);
    expect(byId(on.items, "instance:moon-compute-1").usd).toBeCloseTo(85.9648, 10); // 730 h x 0.4 x 0.2944
    expect(byId(on.items, "ebs:moon-compute-1").usd).toBeCloseTo(4.4, 10); // 50 GB x $0.088
    // bastion 13.432 + its IPv4 730 x 0.005 = 3.65 + 30 x 0.088 = 2.64, gateway 730 x 0.2944 = 214.912, compute 2 x 85.9648 = 171.9296,
    // node volumes 3 x 4.4 = 13.2, egress 30.4167 x 0.09 = 2.7375
    expect(on.monthUsd).toBeCloseTo(422.5011, 6);
  });

  it("states the free-tier mode and every assumption", () => {
    expect(e.freeTier.mode).toBe("none");
    expect(e.assumptions.join("\n")).toMatch(/free tier: none/);
    expect(e.assumptions.join("\n")).toMatch(/Europe\/Dublin/);
    expect(e.unpriced).toEqual([]);
  });

  it("names the items that break a limit, largest first, and none within it", () => {
    expect(
      itemsBreaking(e.session, 1)
        .map((i) => i.id)
        .slice(0, 3),
    ).toEqual(["instance:moon-gateway-1", "instance:moon-compute-1", "instance:moon-compute-2"]);
    expect(itemsBreaking(e.session, 3)).toEqual([]);
  });
});

describe("estimateCost follows the plan", () => {
  it("adds $0.005/h of public IPv4 for a bastion with one (5 h = $0.025), only while it runs", () => {
    const e = estimateCost(planOf(patched("moon", { bastion: { publicIpv4: true } })));
    expect(byId(e.session.items, "ipv4:moon-bastion").usd).toBeCloseTo(0.025, 10);
    expect(e.atRest.totalUsd).toBe(0);
  });

  it("prices spot nodes at the stated spot assumption (0.4 x $0.2944 x 5 h = $0.5888) and says so", () => {
    const e = estimateCost(planOf(patched("moon", { nodes: { purchase: { compute: "spot" } } })));
    const i = byId(e.session.items, "instance:moon-compute-1");
    expect(i.usd).toBeCloseTo(0.5888, 10);
    expect(i.note).toMatch(/spot assumed at 40%/);
    expect(byId(e.session.items, "instance:moon-gateway-1").usd).toBeCloseTo(1.472, 10);
    expect(byId(e.session.items, "instance:moon-gateway-1").note).toBeUndefined();
  });

  it("uses the region's prices (us-east-1 bastion 5 h x $0.0168 = $0.084, gp3 $0.08)", () => {
    const e = estimateCost(planOf(patched("moon", { region: "us-east-1" })));
    expect(byId(e.session.items, "instance:moon-bastion").usd).toBeCloseTo(0.084, 10);
    expect(byId(e.session.items, "ebs:moon-bastion").usd).toBeCloseTo((30 * 5 * 0.08) / 730, 10);
  });

  it("takes hours and days from the schedule: 18:00-02:00 on 5 days = 8 h sessions, 21.726 a month", () => {
    const e = estimateCost(
      planOf(
        patched("moon", {
          bastion: { schedule: { start: "18:00", stop: "02:00", days: ["mon", "tue", "wed", "thu", "fri"] } },
        }),
      ),
    );
    expect(e.schedule.hoursPerSession).toBe(8);
    expect(e.schedule.sessionsPerMonth).toBeCloseTo((5 * 730) / 168, 10);
    expect(byId(e.session.items, "instance:moon-bastion").usd).toBeCloseTo(8 * 0.0184, 10);
  });

  it("charges the lab's budget at $0.02/day when the account already has two", () => {
    const e = estimateCost(moon(), {
      dataTransferOutGbPerSession: 1,
      natProcessedGbPerSession: 5,
      otherBudgetsInAccount: 2,
    });
    expect(e.atRest.totalUsd).toBeCloseTo((730 / 24) * 0.02, 10);
  });

  it("legacy 12-month free tier subtracts 30 GB-months of EBS and the data transfer from the month only", () => {
    const e = estimateCost(planOf(patched("moon", { cost: { freeTier: "legacy-12-month" } })));
    // EBS: (30 + 3 x 50) GB x 5/730 x 30.4167 = 37.5 GB-months, 30 free = -$2.64; egress 30.42 GB < 100 free;
    // the bastion's public IPv4: 152.08 h < 750 h free = -$0.7604167.
    const free = e.month.freeTierItems.reduce((a, i) => a + i.usd, 0);
    expect(free).toBeCloseTo(-2.64 - 2.7375 - 0.7604167, 6);
    expect(e.month.totalUsd).toBeCloseTo(90.18825 - 2.64 - 2.7375 - 0.7604167, 6);
    expect(e.session.totalUsd).toBeCloseTo(2.9650931507, 9);
    expect(e.freeTier.assumes).toMatch(/before 2025-07-15/);
  });

  it("credits mode keeps list prices and subtracts only the always-free egress", () => {
    const e = estimateCost(planOf(patched("moon", { cost: { freeTier: "credits" } })));
    expect(e.month.freeTierItems.map((i) => i.category)).toEqual(["data-transfer"]);
    expect(e.freeTier.assumes).toMatch(/on or after 2025-07-15/);
  });

  it("lists a type the table does not know as unpriced instead of guessing", () => {
    // Validation refuses types outside the catalog; the estimate must still not guess if one reaches it.
    const e = estimateCost(planWithNodeType("moon", "m8g.2xlarge"));
    expect(e.unpriced.length).toBe(3);
    expect(e.unpriced[0]).toMatch(/m8g\.2xlarge/);
  });

  it("bills nothing for a home lab", () => {
    const e = estimateCost(planOf(exampleObject("home")));
    expect(e.session.items).toEqual([]);
    expect(e.atRest.totalUsd).toBe(0);
    expect(e.unpriced).toEqual([]);
  });
});
