import { describe, expect, it } from "vitest";
import { costTarget, withCostJson } from "../../../test/fakes/billing-targets.ts";
import { exampleObject, patched, planOf, planWithNodeType } from "../../../test/support/lab.ts";
import { ArtifactTree } from "../../artifacts/tree.ts";
import check from "./at-rest-within-budget.ts";

const run = (input: unknown) => check.plan?.(costTarget(planOf(input)));

/** 40 GB gp3 kept all month: what nodes that are stopped (not terminated) at rest would bill. */
const keptVolume = (n: string) => ({
  id: `ebs:${n}`,
  label: `${n} root volume gp3 40 GB (stopped node)`,
  category: "ebs",
  quantity: 40,
  unit: "GB-month",
  unitUsd: 0.088,
  usd: 3.52,
  source: "https://aws.amazon.com/ebs/pricing/",
});

describe("t08/at-rest-within-budget", () => {
  it("passes the default lab: $0.00 a month at rest <= $0.10", () => {
    const o = run(exampleObject("moon"));
    expect(o?.status).toBe("pass");
    expect(o?.evidence[0]).toBe("at rest a month: $0.00 <= $0.10 (budget.atRestMonthly)");
    expect(o?.evidence.join("\n")).toContain("free tier assumed: none");
  });

  it("fails over budget and names the items, largest first, with the fix", () => {
    const plan = planOf(exampleObject("moon"));
    const t = withCostJson(plan, (c) => ({
      ...c,
      atRest: { items: [keptVolume("moon-gateway-1"), keptVolume("moon-compute-1")], totalUsd: 7.04 },
    }));
    const o = check.plan?.(t);
    expect(o?.status).toBe("fail");
    expect(o?.evidence[0]).toBe(
      "at rest a month: $7.04 is over $0.10 (budget.atRestMonthly); the items that make it up, largest first:",
    );
    expect(o?.evidence[1]).toBe("moon-compute-1 root volume gp3 40 GB (stopped node): 40 GB-month x $0.088 = $3.52");
    expect(o?.evidence[2]).toContain("moon-gateway-1");
    expect(o?.evidence.join("\n")).toMatch(/fix: shrink or remove/);
  });

  it("passes the same forged report when the spec's at-rest budget covers it", () => {
    const plan = planOf(patched("moon", { budget: { atRestMonthly: 7.04 } }));
    const t = withCostJson(plan, (c) => ({
      ...c,
      atRest: { items: [keptVolume("a"), keptVolume("b")], totalUsd: 7.04 },
    }));
    expect(check.plan?.(t)?.status).toBe("pass");
  });

  it("fails when the plan has a type the price table does not know", () => {
    // Validation refuses types outside the catalog; the check must still fail if one reaches it.
    const o = check.plan?.(costTarget(planWithNodeType("moon", "m8g.2xlarge")));
    expect(o?.status).toBe("fail");
    expect(o?.evidence.join("\n")).toMatch(/cannot price the plan[^\n]*\n[^\n]*m8g\.2xlarge/);
  });

  it("fails when cost.json was not rendered", () => {
    const plan = planOf(exampleObject("moon"));
    expect(check.plan?.({ plan, artifacts: new ArtifactTree([]) })?.status).toBe("fail");
  });

  it("is not applicable at home", () => {
    expect(run(exampleObject("home"))?.status).toBe("not-applicable");
  });
});
