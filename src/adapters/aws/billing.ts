// The real AwsBillingPort: month-to-date unblended cost per service from Cost Explorer (AWS SDK v3).
// Cost Explorer and Budgets are global services served from us-east-1 whatever the lab's region.
// Each GetCostAndUsage request costs $0.01, so one port instance asks once and remembers the answer.
import { CloudFormationClient, DescribeStacksCommand } from "@aws-sdk/client-cloudformation";
import { CostExplorerClient, GetCostAndUsageCommand } from "@aws-sdk/client-cost-explorer";
import type { AwsBillingPort } from "../../ports/aws.ts";
import { stackName } from "../../render/aws/names.ts";
import { accountIdFromArn, describeBudget } from "./billing-budgets.ts";
import { clientConfig, unreachable } from "./billing-client.ts";

export { BILLING_REGION, clientConfig, unreachable } from "./billing-client.ts";

export interface BillingOptions {
  /** AWS API endpoint override (an emulator such as moto on 127.0.0.1). */
  readonly endpointUrl?: string;
  /** Injected clock: "today" decides the month. */
  readonly now?: () => Date;
  /** The lab's region, where its CloudFormation stack is (to learn the account id from the stack's ARN). */
  readonly labRegion?: string;
  /** The account that owns the budget; default: read from the lab's stack id. */
  readonly accountId?: string;
}

/** The account of the lab's stack (its StackId ARN), for the Budgets API; undefined when the stack is absent. */
async function accountOfLab(lab: string, o: BillingOptions): Promise<string | undefined> {
  if (o.accountId !== undefined) return o.accountId;
  const cfn = new CloudFormationClient({ ...clientConfig(o), region: o.labRegion ?? clientConfig(o).region });
  try {
    const r = await cfn.send(new DescribeStacksCommand({ StackName: stackName(lab) }));
    const id = r.Stacks?.[0]?.StackId;
    return id === undefined ? undefined : accountIdFromArn(id);
  } catch (e) {
    if ((e as { name?: string }).name === "ValidationError") return undefined; // no such stack
    return unreachable("CloudFormation", o.endpointUrl, e);
  }
}

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** [first day of the month, tomorrow) in UTC: Cost Explorer's End is exclusive and must be after Start. */
export function monthToDatePeriod(now: Date): { Start: string; End: string } {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
  return { Start: iso(start), End: iso(end) };
}

interface CeResult {
  readonly ResultsByTime?: readonly {
    readonly Total?: Record<string, { readonly Amount?: string }>;
    readonly Groups?: readonly {
      readonly Keys?: readonly string[];
      readonly Metrics?: Record<string, { readonly Amount?: string }>;
    }[];
  }[];
}

/** Sums a GetCostAndUsage answer grouped by SERVICE (the total of an ungrouped answer when there are no groups). */
export function summarize(r: CeResult): { totalUsd: number; byService: Record<string, number> } {
  const byService: Record<string, number> = {};
  let ungrouped = 0;
  for (const t of r.ResultsByTime ?? []) {
    for (const g of t.Groups ?? []) {
      const name = g.Keys?.[0] ?? "<unknown>";
      const amount = Number(g.Metrics?.UnblendedCost?.Amount ?? 0);
      byService[name] = (byService[name] ?? 0) + amount;
    }
    if ((t.Groups ?? []).length === 0)
      ungrouped += Number(t.Total?.UnblendedCost?.Amount ?? t.Total?.BlendedCost?.Amount ?? 0);
  }
  const grouped = Object.values(byService).reduce((a, b) => a + b, 0);
  const sorted = Object.fromEntries(Object.entries(byService).sort(([a], [b]) => (a < b ? -1 : 1)));
  return { totalUsd: grouped + ungrouped, byService: sorted };
}

export function createAwsBillingPort(options: BillingOptions = {}): AwsBillingPort {
  const client = new CostExplorerClient(clientConfig(options));
  let cached: Promise<{ totalUsd: number; byService: Record<string, number> }> | undefined;
  return {
    monthToDateCost() {
      cached ??= (async () => {
        try {
          const r = await client.send(
            new GetCostAndUsageCommand({
              TimePeriod: monthToDatePeriod((options.now ?? (() => new Date()))()),
              Granularity: "MONTHLY",
              Metrics: ["UnblendedCost"],
              GroupBy: [{ Type: "DIMENSION", Key: "SERVICE" }],
            }),
          );
          return summarize(r);
        } catch (e) {
          return unreachable("Cost Explorer", options.endpointUrl, e);
        }
      })();
      return cached;
    },
    async budget(name, lab) {
      const accountId = await accountOfLab(lab, options);
      if (accountId === undefined) return undefined;
      return describeBudget(name, {
        accountId,
        ...(options.endpointUrl !== undefined ? { endpointUrl: options.endpointUrl } : {}),
      });
    },
  };
}
