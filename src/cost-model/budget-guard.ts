// Refuses to wake a lab whose month-to-date spend is over its monthly budget unless forced: called by the AWS
// helper's `up` and `wake` before anything starts billing.

import { LabError } from "../errors.ts";
import type { Plan } from "../plan/types.ts";
import type { AwsBillingPort } from "../ports/aws.ts";

export class BudgetExceededError extends LabError {
  readonly spentUsd: number;
  readonly limitUsd: number;
  constructor(lab: string, spentUsd: number, limitUsd: number, top: readonly [string, number][]) {
    const by = top.map(([s, usd]) => `${s} $${usd.toFixed(2)}`).join(", ");
    super(
      `refusing to wake lab ${lab}: month-to-date spend $${spentUsd.toFixed(2)} is over its monthly budget ` +
        `$${limitUsd.toFixed(2)} (budget.monthly)${by ? `; largest: ${by}` : ""}. ` +
        "Wait for the next month, raise budget.monthly in the spec, or pass --force to wake it anyway",
      4,
    );
    this.spentUsd = spentUsd;
    this.limitUsd = limitUsd;
  }
}

export interface GuardReport {
  readonly spentUsd: number;
  readonly limitUsd: number;
  readonly over: boolean;
  readonly forced: boolean;
}

/** Throws BudgetExceededError when month-to-date spend is over plan.budget.monthly and not forced. */
export async function guardBudgetBeforeWake(
  billing: AwsBillingPort,
  plan: Plan,
  options: { readonly force: boolean },
): Promise<GuardReport | undefined> {
  if (plan.target !== "aws") return undefined;
  const mtd = await billing.monthToDateCost();
  const over = mtd.totalUsd > plan.budget.monthly;
  if (over && !options.force) {
    const top = Object.entries(mtd.byService)
      .filter(([, usd]) => usd > 0)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, 3);
    throw new BudgetExceededError(plan.lab, mtd.totalUsd, plan.budget.monthly, top);
  }
  return { spentUsd: mtd.totalUsd, limitUsd: plan.budget.monthly, over, forced: over && options.force };
}
