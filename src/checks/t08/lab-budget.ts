import { budgetName } from "../../cost/budget.ts";
import { defineCheck, notApplicable, verdict } from "../check.ts";

interface BudgetResource {
  readonly Type: string;
  readonly Properties?: {
    readonly Budget?: { BudgetName?: string; BudgetLimit?: { Amount?: number | string }; TimeUnit?: string };
    readonly NotificationsWithSubscribers?: readonly {
      Notification?: { NotificationType?: string; Threshold?: number };
      Subscribers?: readonly { Address?: string }[];
    }[];
  };
}

export default defineCheck(import.meta.url, {
  test: "T08",
  title: "The AWS stack includes the lab's monthly budget with its notification",
  given: "a plan for AWS and its rendered aws/template.json",
  when: "the template is synthesized",
  then: "an AWS::Budgets::Budget limits the month to budget.monthly and, with budget.email, notifies at budget.notifyAtPercent",
  why: "The budget is the alarm when the model is wrong; `moonlab up` also refuses to wake a lab whose month is over it.",
  plan: ({ plan, artifacts }) => {
    if (plan.target !== "aws") return notApplicable(`target ${plan.target}: nothing is billed by AWS`);
    if (!artifacts.has("aws/template.json")) return notApplicable("aws/template.json was not rendered");
    const t = artifacts.json<{
      Resources?: Record<string, BudgetResource>;
      Metadata?: { moonlab?: { profile?: string } };
    }>("aws/template.json");
    const budgets = Object.entries(t.Resources ?? {}).filter(([, r]) => r.Type === "AWS::Budgets::Budget");
    if (budgets.length === 0 && t.Metadata?.moonlab?.profile === "emulator")
      return notApplicable(
        "rendered for the emulator, which skips AWS::Budgets::Budget: `moonlab up` creates the budget through the Budgets API",
      );
    const problems: string[] = [];
    if (budgets.length !== 1) problems.push(`${budgets.length} AWS::Budgets::Budget resources, want 1`);
    const [id, b] = budgets[0] ?? ["-", { Type: "" }];
    const p = b.Properties;
    const amount = Number(p?.Budget?.BudgetLimit?.Amount);
    if (amount !== plan.budget.monthly)
      problems.push(`${id} limit ${amount}, want budget.monthly ${plan.budget.monthly}`);
    if (p?.Budget?.TimeUnit !== "MONTHLY") problems.push(`${id} time unit ${p?.Budget?.TimeUnit}, want MONTHLY`);
    if (p?.Budget?.BudgetName !== budgetName(plan))
      problems.push(`${id} name ${p?.Budget?.BudgetName}, want ${budgetName(plan)}`);
    const actual = (p?.NotificationsWithSubscribers ?? []).find((n) => n.Notification?.NotificationType === "ACTUAL");
    if (plan.budget.email !== undefined) {
      if (actual?.Notification?.Threshold !== plan.budget.notifyAtPercent)
        problems.push(`no ACTUAL notification at ${plan.budget.notifyAtPercent}% (budget.notifyAtPercent)`);
      else if (!actual.Subscribers?.some((s) => s.Address === plan.budget.email))
        problems.push(`the notification does not go to ${plan.budget.email}`);
    }
    return verdict(problems, [
      `${id}: ${budgetName(plan)} $${plan.budget.monthly} a month`,
      plan.budget.email === undefined
        ? "no budget.email: the budget notifies nobody (set budget.email to get mail)"
        : `notifies ${plan.budget.email} at ${plan.budget.notifyAtPercent}% of actual spend and at 100% forecast`,
    ]);
  },
});
