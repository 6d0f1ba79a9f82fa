// The AWS Budgets budget the AWS stack includes (monthly limit + notification at the spec's threshold).
// OWNED BY THE COST ISSUE (#6): placeholder returning undefined (no budget resource) until implemented.
import type { Plan } from "../plan/types.ts";

/** CloudFormation `AWS::Budgets::Budget` properties (aws-cdk-lib CfnBudgetProps shape), or undefined for none. */
export function budgetProperties(_plan: Plan): Record<string, unknown> | undefined {
  return undefined;
}
