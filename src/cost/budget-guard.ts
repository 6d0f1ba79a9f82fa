// Refuses to wake a lab whose month-to-date spend is over budget unless forced.
// OWNED BY THE COST ISSUE (#6): placeholder signature so lifecycle commands can call it; it lets everything through until implemented.
import type { AwsBillingPort } from "../checks/ports/aws.ts";
import type { Plan } from "../plan/types.ts";

export async function guardBudgetBeforeWake(
  _billing: AwsBillingPort,
  _plan: Plan,
  _options: { readonly force: boolean },
): Promise<void> {}
