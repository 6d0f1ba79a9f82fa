import { describe, expect, it } from "vitest";
import { exampleObject, patched, planOf } from "../../test/support/lab.ts";
import { budgetName, budgetProperties, labBudget } from "./budget.ts";

describe("budgetProperties", () => {
  it("limits the month to budget.monthly (CfnBudgetProps shape) and notifies nobody without an e-mail", () => {
    const p = budgetProperties(planOf(patched("moon", { budget: { monthly: 10 } })));
    expect(p).toEqual({
      budget: {
        budgetName: "moonlab-moon",
        budgetType: "COST",
        timeUnit: "MONTHLY",
        budgetLimit: { amount: 10, unit: "USD" },
      },
      notificationsWithSubscribers: [],
    });
  });

  it("notifies budget.email at notifyAtPercent of actual spend and at 100% of the forecast", () => {
    const plan = planOf(patched("moon", { budget: { monthly: 25, notifyAtPercent: 60, email: "ops@example.org" } }));
    const p = budgetProperties(plan) as { notificationsWithSubscribers: unknown[]; budget: { budgetLimit: unknown } };
    expect(p.budget.budgetLimit).toEqual({ amount: 25, unit: "USD" });
    expect(p.notificationsWithSubscribers).toEqual([
      {
        notification: {
          notificationType: "ACTUAL",
          comparisonOperator: "GREATER_THAN",
          threshold: 60,
          thresholdType: "PERCENTAGE",
        },
        subscribers: [{ subscriptionType: "EMAIL", address: "ops@example.org" }],
      },
      {
        notification: {
          notificationType: "FORECASTED",
          comparisonOperator: "GREATER_THAN",
          threshold: 100,
          thresholdType: "PERCENTAGE",
        },
        subscribers: [{ subscriptionType: "EMAIL", address: "ops@example.org" }],
      },
    ]);
  });

  it("has no budget off AWS", () => {
    const home = planOf(exampleObject("home"));
    expect(budgetProperties(home)).toBeUndefined();
    expect(labBudget(home)).toBeUndefined();
    expect(budgetName(home)).toBe("moonlab-home");
  });
});
