// The price table: every billable thing a moonlab plan can contain, per region, with its source and as-of date.
// A test fails once the table is older than MAX_PRICE_AGE_DAYS so it gets re-checked against the pages below.
//
// Values are AWS list prices (Linux, on-demand, USD) as published on the pages named in `source`. They were
// entered by hand and reviewed on PRICES_AS_OF; this machine cannot reach aws.amazon.com, so re-check them
// against the live pages (or the AWS Price List API) when the staleness test fails.
// Cross-checks made on PRICES_AS_OF: every us-east-1 instance price equals Karpenter's table generated from the
// AWS Pricing API on 2026-07-20 (aws/karpenter-provider-aws pkg/providers/pricing/zz_generated.pricing_aws.go);
// eu-west-1 t4g/m7g/c7g/m7i equal a third-party table that says it was checked against AWS's price-list file on
// 2026-10-08. The .metal prices are the size's 16xlarge/24xlarge equivalent (as in us-east-1), and eu-west-1
// t3, a1.metal and m5.metal were not cross-checked.

import { LabError } from "../errors.ts";
import { EU_WEST_1_INSTANCES, US_EAST_1_INSTANCES } from "../lib/aws-instance-prices.ts";

export const PRICES_AS_OF = "2026-11-26";
/** The table must be re-checked at least this often (the staleness test runs against the real clock). */
export const MAX_PRICE_AGE_DAYS = 180;
/** AWS prices monthly quantities over 730 hours (365 * 24 / 12). */
export const HOURS_PER_MONTH = 730;

export const SOURCES = {
  ec2OnDemand: "https://aws.amazon.com/ec2/pricing/on-demand/",
  ec2DataTransfer: "https://aws.amazon.com/ec2/pricing/on-demand/#Data_Transfer",
  ebs: "https://aws.amazon.com/ebs/pricing/",
  vpc: "https://aws.amazon.com/vpc/pricing/",
  publicIpv4: "https://aws.amazon.com/blogs/aws/new-aws-public-ipv4-address-charge-public-ip-insights/",
  eks: "https://aws.amazon.com/eks/pricing/",
  budgets: "https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-managing-costs.html",
  costExplorer: "https://aws.amazon.com/aws-cost-management/aws-cost-explorer/pricing/",
  spotAdvisor: "https://aws.amazon.com/ec2/spot/instance-advisor/",
} as const;

export interface Price {
  readonly usd: number;
  /** What one unit is: "hour", "GB-month", "GB", "budget-day", "request". */
  readonly unit: string;
  readonly source: string;
  readonly asOf: string;
}

export interface RegionPrices {
  readonly region: string;
  /** On-demand USD per instance-hour, Linux. */
  readonly instances: Readonly<Record<string, number>>;
  readonly ebsGp3GbMonth: Price;
  readonly publicIpv4Hour: Price;
  /** Internet egress, first 10 TB tier. */
  readonly dataTransferOutGb: Price;
  readonly natGatewayHour: Price;
  readonly natGatewayGb: Price;
  readonly eksControlPlaneHour: Price;
  /** Each budget beyond the account's first two. */
  readonly budgetDay: Price;
  /** Cost Explorer API: each GetCostAndUsage request (what a live T08 run costs). */
  readonly costExplorerRequest: Price;
}

/**
 * Spot is not a fixed price: it moves with supply and demand. moonlab assumes the discount below, read from the
 * Spot Instance Advisor's "savings over on-demand" column for Graviton general-purpose types (60-70% there);
 * it is an assumption, printed with every spot line, not a quote.
 */
export const SPOT_ASSUMPTION = {
  factorOfOnDemand: 0.4,
  asOf: PRICES_AS_OF,
  source: SOURCES.spotAdvisor,
  note: "spot assumed at 40% of on-demand (60% saving); real spot prices vary by hour and AZ",
} as const;

const p = (usd: number, unit: string, source: string): Price => ({ usd, unit, source, asOf: PRICES_AS_OF });

export const PRICE_TABLE: Readonly<Record<string, RegionPrices>> = {
  "us-east-1": {
    region: "us-east-1",
    instances: US_EAST_1_INSTANCES,
    ebsGp3GbMonth: p(0.08, "GB-month", SOURCES.ebs),
    publicIpv4Hour: p(0.005, "hour", SOURCES.publicIpv4),
    dataTransferOutGb: p(0.09, "GB", SOURCES.ec2DataTransfer),
    natGatewayHour: p(0.045, "hour", SOURCES.vpc),
    natGatewayGb: p(0.045, "GB", SOURCES.vpc),
    eksControlPlaneHour: p(0.1, "hour", SOURCES.eks),
    budgetDay: p(0.02, "budget-day", SOURCES.budgets),
    costExplorerRequest: p(0.01, "request", SOURCES.costExplorer),
  },
  "eu-west-1": {
    region: "eu-west-1",
    instances: EU_WEST_1_INSTANCES,
    ebsGp3GbMonth: p(0.088, "GB-month", SOURCES.ebs),
    publicIpv4Hour: p(0.005, "hour", SOURCES.publicIpv4),
    dataTransferOutGb: p(0.09, "GB", SOURCES.ec2DataTransfer),
    natGatewayHour: p(0.048, "hour", SOURCES.vpc),
    natGatewayGb: p(0.048, "GB", SOURCES.vpc),
    eksControlPlaneHour: p(0.1, "hour", SOURCES.eks),
    budgetDay: p(0.02, "budget-day", SOURCES.budgets),
    costExplorerRequest: p(0.01, "request", SOURCES.costExplorer),
  },
};

/** A region or instance type the table does not price: bad input (exit 2), says what is known. */
export class UnknownPriceError extends LabError {
  constructor(what: string, region: string, known: readonly string[]) {
    super(
      `no price for ${what} in ${region}; moonlab's price table knows: ${known.join(", ")} (src/cost-model/prices.ts)`,
      2,
    );
  }
}

export function regionPrices(region: string): RegionPrices {
  const r = PRICE_TABLE[region];
  if (!r) throw new UnknownPriceError("region", region, Object.keys(PRICE_TABLE).sort());
  return r;
}

export function instanceHourPrice(region: string, instanceType: string): Price {
  const r = regionPrices(region);
  const usd = r.instances[instanceType];
  if (usd === undefined)
    throw new UnknownPriceError(`instance type ${instanceType}`, region, Object.keys(r.instances).sort());
  return p(usd, "hour", SOURCES.ec2OnDemand);
}

/** Whole days between the table's as-of date and `now` (UTC). */
export function priceTableAgeDays(now: Date): number {
  return Math.floor((now.getTime() - Date.parse(`${PRICES_AS_OF}T00:00:00Z`)) / 86_400_000);
}
