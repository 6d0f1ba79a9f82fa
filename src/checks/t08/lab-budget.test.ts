import { describe, expect, it } from "vitest";
import { billingTarget, costTarget } from "../../../test/fakes/billing-targets.ts";
import { exampleObject, patched, planOf } from "../../../test/support/lab.ts";
import { budgetProperties } from "../../cost-model/budget.ts";
import type { Plan } from "../../plan/types.ts";
import type { LiveBudget } from "../../ports/aws.ts";
import check from "./lab-budget.ts";

/** CloudFormation spells CDK's camelCase L1 props in PascalCase; enough of that for the budget resource. */
function pascal(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(pascal);
  if (v && typeof v === "object")
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k.charAt(0).toUpperCase() + k.slice(1), pascal(x)]));
  return v;
}

function template(resources: Record<string, unknown>, profile?: string): string {
  return JSON.stringify({ ...(profile ? { Metadata: { moonlab: { profile } } } : {}), Resources: resources });
}

const withTemplate = (plan: Plan, resources: Record<string, unknown>, profile?: string) =>
  costTarget(plan, [{ path: "aws/template.json", content: template(resources, profile) }]);

const budgetResource = (plan: Plan) => ({
  Budget: { Type: "AWS::Budgets::Budget", Properties: pascal(budgetProperties(plan)) },
});

describe("t08/lab-budget", () => {
  it("passes a template with the budget from budgetProperties, notifying the spec's e-mail", () => {
    const plan = planOf(patched("moon", { budget: { monthly: 10, email: "ops@example.org", notifyAtPercent: 75 } }));
    const o = check.plan?.(withTemplate(plan, budgetResource(plan)));
    expect(o?.status).toBe("pass");
    expect(o?.evidence).toEqual([
      "moonlab-moon in the template (Budget): $10 a month",
      "notifies ops@example.org at 75% of actual spend and at 100% forecast",
    ]);
  });

  it("fails a template without a budget, or with the wrong limit or threshold", () => {
    const plan = planOf(patched("moon", { budget: { monthly: 10, email: "ops@example.org" } }));
    expect(check.plan?.(withTemplate(plan, {}))?.evidence[0]).toBe("no budget moonlab-moon in the template");
    const other = planOf(patched("moon", { budget: { monthly: 99, notifyAtPercent: 50, email: "ops@example.org" } }));
    const o = check.plan?.(withTemplate(plan, budgetResource(other)));
    expect(o?.status).toBe("fail");
    expect(o?.evidence).toEqual([
      "moonlab-moon limit $99, want budget.monthly $10",
      "no ACTUAL notification at 80% (budget.notifyAtPercent)",
    ]);
  });

  it("is not applicable for an emulator template (moto skips budgets; up creates it through the API)", () => {
    const plan = planOf(exampleObject("moon"));
    const o = check.plan?.(withTemplate(plan, {}, "emulator"));
    expect(o?.status).toBe("not-applicable");
    expect(o?.reason).toMatch(/Budgets API/);
  });

  it("is not applicable without a template or at home", () => {
    expect(check.plan?.(costTarget(planOf(exampleObject("moon"))))?.status).toBe("not-applicable");
    expect(check.plan?.(costTarget(planOf(exampleObject("home"))))?.status).toBe("not-applicable");
  });
});

describe("t08/lab-budget live", () => {
  const plan = planOf(patched("moon", { budget: { monthly: 10, email: "ops@example.org", notifyAtPercent: 75 } }));
  const port = (b: LiveBudget | undefined, asked: string[] = []) =>
    billingTarget(plan, {
      monthToDateCost: async () => ({ totalUsd: 0, byService: {} }),
      budget: async (name, lab) => {
        asked.push(`${name} ${lab}`);
        return b;
      },
    });
  const good: LiveBudget = {
    name: "moonlab-moon",
    limitUsd: 10,
    timeUnit: "MONTHLY",
    budgetType: "COST",
    notifications: [
      { type: "ACTUAL", thresholdPercent: 75 },
      { type: "FORECASTED", thresholdPercent: 100 },
    ],
  };

  it("passes the budget the API describes, asking for the lab's budget by name", async () => {
    const asked: string[] = [];
    const o = await check.live?.(port(good, asked));
    expect(o?.status).toBe("pass");
    expect(asked).toEqual(["moonlab-moon moon"]);
    expect(o?.evidence[0]).toBe("moonlab-moon in AWS Budgets: $10 a month");
  });

  it("fails a missing budget or a wrong limit", async () => {
    expect((await check.live?.(port(undefined)))?.evidence).toEqual(["no budget moonlab-moon in AWS Budgets"]);
    const o = await check.live?.(port({ ...good, limitUsd: 100, notifications: [] }));
    expect(o?.evidence).toEqual([
      "moonlab-moon limit $100, want budget.monthly $10",
      "no ACTUAL notification at 75% (budget.notifyAtPercent)",
    ]);
  });

  it("is not applicable when the port cannot read budgets, or without AWS access", async () => {
    const noBudgets = billingTarget(plan, { monthToDateCost: async () => ({ totalUsd: 0, byService: {} }) });
    expect((await check.live?.(noBudgets))?.reason).toBe("this AWS port cannot read AWS Budgets");
    expect((await check.live?.(billingTarget(plan, undefined)))?.status).toBe("not-applicable");
  });
});
