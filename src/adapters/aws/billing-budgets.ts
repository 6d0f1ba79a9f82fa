// Creates or updates the lab's AWS Budgets budget through the Budgets API. The CloudFormation template carries the
// same budget (src/cost-model/budget.ts); this path exists for the emulator (moto skips AWS::Budgets::Budget in
// templates) and for accounts where the stack was deployed without it.
import {
  BudgetsClient,
  CreateBudgetCommand,
  DeleteBudgetCommand,
  DescribeBudgetsCommand,
  DescribeNotificationsForBudgetCommand,
  type Notification,
} from "@aws-sdk/client-budgets";
import { type LabBudget, labBudget } from "../../cost-model/budget.ts";
import type { Plan } from "../../plan/types.ts";
import type { LiveBudget } from "../../ports/aws.ts";
import { clientConfig, unreachable } from "./billing-client.ts";

export interface BudgetApiOptions {
  readonly endpointUrl?: string;
  /** The account that owns the budget (moto's default is 123456789012; on AWS, STS GetCallerIdentity). */
  readonly accountId: string;
}

function client(o: BudgetApiOptions): BudgetsClient {
  return new BudgetsClient(clientConfig(o));
}

/** A budget by name through the Budgets API, or undefined when it does not exist. */
export async function describeBudget(name: string, o: BudgetApiOptions): Promise<LiveBudget | undefined> {
  const c = client(o);
  try {
    const r = await c.send(new DescribeBudgetsCommand({ AccountId: o.accountId }));
    const b = (r.Budgets ?? []).find((x) => x.BudgetName === name);
    if (!b) return undefined;
    const n = await c.send(new DescribeNotificationsForBudgetCommand({ AccountId: o.accountId, BudgetName: name }));
    return {
      name,
      limitUsd: Number(b.BudgetLimit?.Amount ?? Number.NaN),
      timeUnit: String(b.TimeUnit),
      budgetType: String(b.BudgetType),
      notifications: (n.Notifications ?? [])
        .map((x: Notification) => ({ type: String(x.NotificationType), thresholdPercent: Number(x.Threshold) }))
        .sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : a.thresholdPercent - b.thresholdPercent)),
    };
  } catch (e) {
    return unreachable("AWS Budgets", o.endpointUrl, e);
  }
}

/** The lab's budget (src/cost-model/budget.ts names it), or undefined when it does not exist or the lab has none. */
export async function describeLabBudget(plan: Plan, o: BudgetApiOptions): Promise<LiveBudget | undefined> {
  const want = labBudget(plan);
  return want ? describeBudget(want.name, o) : undefined;
}

function same(want: LabBudget, live: LiveBudget): boolean {
  const w = want.notifications.map((n) => `${n.type}:${n.thresholdPercent}`).sort();
  const l = live.notifications.map((n) => `${n.type}:${n.thresholdPercent}`).sort();
  return (
    Math.abs(live.limitUsd - want.limitUsd) < 1e-9 &&
    live.timeUnit === "MONTHLY" &&
    live.budgetType === "COST" &&
    JSON.stringify(w) === JSON.stringify(l)
  );
}

/**
 * Makes the lab's budget match the plan: creates it when missing; when it differs, deletes and re-creates it
 * (moto has no UpdateBudget, and a lab budget has no history worth keeping). Returns what it did.
 */
export async function upsertLabBudget(
  plan: Plan,
  o: BudgetApiOptions,
): Promise<"created" | "replaced" | "unchanged" | "none"> {
  const want = labBudget(plan);
  if (!want) return "none";
  const live = await describeLabBudget(plan, o);
  if (live && same(want, live)) return "unchanged";
  const c = client(o);
  try {
    if (live) await c.send(new DeleteBudgetCommand({ AccountId: o.accountId, BudgetName: want.name }));
    await c.send(
      new CreateBudgetCommand({
        AccountId: o.accountId,
        Budget: {
          BudgetName: want.name,
          BudgetType: "COST",
          TimeUnit: "MONTHLY",
          BudgetLimit: { Amount: String(want.limitUsd), Unit: "USD" },
        },
        NotificationsWithSubscribers: want.notifications.map((n) => ({
          Notification: {
            NotificationType: n.type,
            ComparisonOperator: "GREATER_THAN",
            Threshold: n.thresholdPercent,
            ThresholdType: "PERCENTAGE",
          },
          Subscribers: [{ SubscriptionType: "EMAIL", Address: n.email }],
        })),
      }),
    );
  } catch (e) {
    return unreachable("AWS Budgets", o.endpointUrl, e);
  }
  return live ? "replaced" : "created";
}

export async function deleteLabBudget(plan: Plan, o: BudgetApiOptions): Promise<boolean> {
  const want = labBudget(plan);
  if (!want || !(await describeLabBudget(plan, o))) return false;
  try {
    await client(o).send(new DeleteBudgetCommand({ AccountId: o.accountId, BudgetName: want.name }));
  } catch (e) {
    return unreachable("AWS Budgets", o.endpointUrl, e);
  }
  return true;
}

/** The account id inside an ARN (e.g. a CloudFormation StackId), for callers that have one and no STS client. */
export function accountIdFromArn(arn: string): string | undefined {
  const parts = arn.split(":");
  return parts[0] === "arn" && /^\d{12}$/.test(parts[4] ?? "") ? parts[4] : undefined;
}
