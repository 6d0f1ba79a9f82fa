// The AWS Budgets budget the AWS stack includes: a monthly cost limit (plan.budget.monthly, USD, whole account)
// with an e-mail notification at plan.budget.notifyAtPercent of actual spend and one when the forecast passes
// 100%. Without plan.budget.email the budget still exists (the guard and T08 read spend) but notifies nobody:
// AWS rejects a notification without subscribers.
// One shape, two consumers: CloudFormation (aws-cdk-lib CfnBudgetProps, camelCase) and the Budgets API
// (CreateBudget, PascalCase) for the emulator, which skips AWS::Budgets::Budget in templates.
import type { Plan } from "../plan/types.ts";

/** The lab's budget name (account-wide budgets are listed by name). */
export function budgetName(plan: Plan): string {
  return `moonlab-${plan.lab}`;
}

export interface LabBudget {
  readonly name: string;
  readonly limitUsd: number;
  readonly notifications: readonly {
    readonly type: "ACTUAL" | "FORECASTED";
    readonly thresholdPercent: number;
    readonly email: string;
  }[];
}

/** The budget moonlab wants for the plan, or undefined off AWS. */
export function labBudget(plan: Plan): LabBudget | undefined {
  if (plan.target !== "aws") return undefined;
  const email = plan.budget.email;
  return {
    name: budgetName(plan),
    limitUsd: plan.budget.monthly,
    notifications:
      email === undefined
        ? []
        : [
            { type: "ACTUAL", thresholdPercent: plan.budget.notifyAtPercent, email },
            { type: "FORECASTED", thresholdPercent: 100, email },
          ],
  };
}

/** CloudFormation `AWS::Budgets::Budget` properties (aws-cdk-lib CfnBudgetProps shape), or undefined for none. */
export function budgetProperties(plan: Plan): Record<string, unknown> | undefined {
  const b = labBudget(plan);
  if (!b) return undefined;
  return {
    budget: {
      budgetName: b.name,
      budgetType: "COST",
      timeUnit: "MONTHLY",
      budgetLimit: { amount: b.limitUsd, unit: "USD" },
    },
    notificationsWithSubscribers: b.notifications.map((n) => ({
      notification: {
        notificationType: n.type,
        comparisonOperator: "GREATER_THAN",
        threshold: n.thresholdPercent,
        thresholdType: "PERCENTAGE",
      },
      subscribers: [{ subscriptionType: "EMAIL", address: n.email }],
    })),
  };
}
