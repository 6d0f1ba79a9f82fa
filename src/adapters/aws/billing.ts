// The real AwsBillingPort: month-to-date unblended cost per service from Cost Explorer (AWS SDK v3).
// Cost Explorer and Budgets are global services served from us-east-1 whatever the lab's region.
// Each GetCostAndUsage request costs $0.01, so one port instance asks once and remembers the answer.
import { CostExplorerClient, GetCostAndUsageCommand } from "@aws-sdk/client-cost-explorer";
import type { AwsBillingPort } from "../../checks/ports/aws.ts";
import { EndpointUnreachableError } from "../../errors.ts";

export const BILLING_REGION = "us-east-1";

export interface BillingOptions {
  /** AWS API endpoint override (an emulator such as moto on 127.0.0.1). */
  readonly endpointUrl?: string;
  /** Injected clock: "today" decides the month. */
  readonly now?: () => Date;
}

/** SDK client settings: the billing region, the endpoint override, and dummy credentials for an emulator when
 * the environment has none (moto accepts any). */
export function clientConfig(o: { readonly endpointUrl?: string }): {
  region: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  maxAttempts: number;
} {
  const emulatorCreds =
    o.endpointUrl !== undefined && !process.env.AWS_ACCESS_KEY_ID && !process.env.AWS_PROFILE
      ? { credentials: { accessKeyId: "moonlab-emulator", secretAccessKey: "moonlab-emulator" } }
      : {};
  return {
    region: BILLING_REGION,
    ...(o.endpointUrl !== undefined ? { endpoint: o.endpointUrl } : {}),
    ...emulatorCreds,
    maxAttempts: o.endpointUrl !== undefined ? 1 : 3,
  };
}

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** [first day of the month, tomorrow) in UTC: Cost Explorer's End is exclusive and must be after Start. */
export function monthToDatePeriod(now: Date): { Start: string; End: string } {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
  return { Start: iso(start), End: iso(end) };
}

/** Rethrows a refused or unresolvable endpoint as EndpointUnreachableError naming host and port. */
export function unreachable(what: string, endpointUrl: string | undefined, e: unknown): never {
  const code =
    (e as { code?: string; cause?: { code?: string } }).code ?? (e as { cause?: { code?: string } }).cause?.code;
  if (code && /^(ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ECONNRESET|ETIMEDOUT|EAI_AGAIN)$/.test(code)) {
    const u = new URL(endpointUrl ?? `https://${what}.${BILLING_REGION}.amazonaws.com`);
    const port = Number(u.port || (u.protocol === "https:" ? 443 : 80));
    throw new EndpointUnreachableError(what, u.hostname, port, code);
  }
  throw e;
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
  };
}
