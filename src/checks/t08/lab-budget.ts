import { budgetName, labBudget } from "../../cost-model/budget.ts";
import type { Plan } from "../../plan/types.ts";
import type { LiveBudget } from "../../ports/aws.ts";
import { TEMPLATE_PATH } from "../../render/aws/paths.ts";
import { defineCheck, notApplicable, type Outcome, verdict } from "../check.ts";
import { withPort } from "../need-port.ts";

interface BudgetResource {
  readonly Type: string;
  readonly Properties?: {
    readonly Budget?: {
      BudgetName?: string;
      BudgetType?: string;
      BudgetLimit?: { Amount?: number | string };
      TimeUnit?: string;
    };
    readonly NotificationsWithSubscribers?: readonly {
      Notification?: { NotificationType?: string; Threshold?: number };
      Subscribers?: readonly { Address?: string }[];
    }[];
  };
}

/** One judgement for the template's resource and the Budgets API's answer. */
function judge(plan: Plan, b: LiveBudget | undefined, where: string, emails?: readonly string[]): Outcome {
  const want = labBudget(plan);
  if (!want) return notApplicable(`target ${plan.target}: nothing is billed by AWS`);
  if (!b) return verdict([`no budget ${want.name} in ${where}`], []);
  const problems: string[] = [];
  if (b.limitUsd !== want.limitUsd)
    problems.push(`${b.name} limit $${b.limitUsd}, want budget.monthly $${want.limitUsd}`);
  if (b.timeUnit !== "MONTHLY") problems.push(`${b.name} time unit ${b.timeUnit}, want MONTHLY`);
  if (b.budgetType !== "COST") problems.push(`${b.name} type ${b.budgetType}, want COST`);
  if (plan.budget.email !== undefined) {
    if (!b.notifications.some((n) => n.type === "ACTUAL" && n.thresholdPercent === plan.budget.notifyAtPercent))
      problems.push(`no ACTUAL notification at ${plan.budget.notifyAtPercent}% (budget.notifyAtPercent)`);
    else if (emails !== undefined && !emails.includes(plan.budget.email))
      problems.push(`the notification does not go to ${plan.budget.email}`);
  }
  return verdict(problems, [
    `${b.name} in ${where}: $${b.limitUsd} a month`,
    plan.budget.email === undefined
      ? "no budget.email: the budget notifies nobody (set budget.email to get mail)"
      : `notifies ${plan.budget.email} at ${plan.budget.notifyAtPercent}% of actual spend and at 100% forecast`,
  ]);
}

export default defineCheck(import.meta.url, {
  test: "T08",
  title: "The lab has its monthly AWS Budgets budget with its notification",
  given: "a plan for AWS",
  when: "the template is synthesized (plan) or the lab is deployed (live)",
  then: "a budget moonlab-<lab> limits the month to budget.monthly and, with budget.email, notifies at budget.notifyAtPercent",
  why: "The budget is the alarm when the model is wrong; `moonlab up` also refuses to wake a lab whose month is over it.",
  plan: ({ plan, artifacts }) => {
    if (plan.target !== "aws") return notApplicable(`target ${plan.target}: nothing is billed by AWS`);
    if (!artifacts.has(TEMPLATE_PATH)) return notApplicable(`${TEMPLATE_PATH} was not rendered`);
    const t = artifacts.json<{
      Resources?: Record<string, BudgetResource>;
      Metadata?: { moonlab?: { profile?: string } };
    }>(TEMPLATE_PATH);
    const budgets = Object.entries(t.Resources ?? {}).filter(([, r]) => r.Type === "AWS::Budgets::Budget");
    if (budgets.length === 0 && t.Metadata?.moonlab?.profile === "emulator")
      return notApplicable(
        "rendered for the emulator, which skips AWS::Budgets::Budget: the budget is created through the Budgets API (checked live)",
      );
    if (budgets.length > 1) return verdict([`${budgets.length} AWS::Budgets::Budget resources, want 1`], []);
    const [id, r] = budgets[0] ?? ["", undefined];
    const p = r?.Properties;
    const live: LiveBudget | undefined = p?.Budget
      ? {
          name: String(p.Budget.BudgetName),
          limitUsd: Number(p.Budget.BudgetLimit?.Amount),
          timeUnit: String(p.Budget.TimeUnit),
          budgetType: String(p.Budget.BudgetType),
          notifications: (p.NotificationsWithSubscribers ?? []).map((n) => ({
            type: String(n.Notification?.NotificationType),
            thresholdPercent: Number(n.Notification?.Threshold),
          })),
        }
      : undefined;
    const emails = (p?.NotificationsWithSubscribers ?? [])
      .filter((n) => n.Notification?.NotificationType === "ACTUAL")
      .flatMap((n) => (n.Subscribers ?? []).map((s) => String(s.Address)));
    return judge(plan, live, id ? `the template (${id})` : "the template", emails);
  },
  live: async (t) => {
    if (t.plan.target !== "aws") return notApplicable(`target ${t.plan.target}: nothing is billed by AWS`);
    return withPort(t, "aws", async (aws) => {
      if (!aws.budget) return notApplicable("this AWS port cannot read AWS Budgets");
      return judge(t.plan, await aws.budget(budgetName(t.plan), t.plan.lab), "AWS Budgets");
    });
  },
});
