// The cost model: prices what the AWS stack creates for a plan, item by item, at rest (everything asleep), for one
// lab session (one scheduled day) and for a month of sessions, plus comparisons computed with the same prices.
// Pure: the same plan always gives the same estimate.
//
// What exists when (read from src/render/aws/stack.ts, the template moonlab deploys):
// - bastion: an Auto Scaling group min 0 / max 1 on the spec's schedule; at rest the group is at 0 and the
//   instance is terminated, its gp3 root volume is deleted with it (DeleteOnTermination), and its public IPv4
//   (only when `bastion.publicIpv4`) is an auto-assigned address on the instance's own interface, released with it.
// - nodes: one launch template each; `moonlab wake` runs them, `moonlab sleep` terminates them (volumes deleted
//   on termination). A session assumes the nodes run for the same scheduled hours as the bastion.
// - free: VPC, subnet, route table, internet gateway, security groups, the static ENI, launch templates, the IAM
//   role, IPv6 addresses, CloudFormation itself.
// - budgets: the lab's one AWS Budgets budget, assumed to be among the account's first two (free).
import type { Plan, PlanNode } from "../plan/types.ts";
import { FREE_TIER, type FreeTierAssumption } from "./free-tier.ts";
import {
  HOURS_PER_MONTH,
  instanceHourPrice,
  PRICE_TABLE,
  PRICES_AS_OF,
  type RegionPrices,
  regionPrices,
  SPOT_ASSUMPTION,
  UnknownPriceError,
} from "./prices.ts";

export type Category = "instance" | "ebs" | "public-ipv4" | "data-transfer" | "budgets" | "nat-gateway" | "eks";

export interface CostItem {
  /** Stable id, e.g. "instance:moon-bastion", "ebs:moon-cp-1". */
  readonly id: string;
  readonly label: string;
  readonly category: Category;
  readonly quantity: number;
  readonly unit: string;
  readonly unitUsd: number;
  readonly usd: number;
  readonly source: string;
  readonly note?: string;
}

export interface CostLines {
  readonly items: readonly CostItem[];
  readonly totalUsd: number;
}

export interface Comparison {
  readonly name: string;
  readonly description: string;
  readonly monthUsd: number;
  readonly items: readonly CostItem[];
}

/** Usage assumptions the model cannot read from the plan; printed with every estimate. */
export interface UsageAssumptions {
  /** Internet egress per session (image pulls are ingress and free; this is API answers, git, Tailscale). */
  readonly dataTransferOutGbPerSession: number;
  /** Bytes a NAT gateway would process per session (node image pulls and egress), for the NAT comparison. */
  readonly natProcessedGbPerSession: number;
  /** AWS Budgets budgets the account has besides the lab's own (the first two are free). */
  readonly otherBudgetsInAccount: number;
}

export const DEFAULT_USAGE: UsageAssumptions = {
  dataTransferOutGbPerSession: 1,
  natProcessedGbPerSession: 5,
  otherBudgetsInAccount: 0,
};

export interface CostEstimate {
  readonly lab: string;
  readonly target: Plan["target"];
  readonly region: string;
  readonly pricesAsOf: string;
  readonly freeTier: FreeTierAssumption;
  readonly schedule: {
    readonly start: string;
    readonly stop: string;
    readonly timeZone: string;
    readonly days: readonly string[];
    readonly hoursPerSession: number;
    readonly sessionsPerMonth: number;
    readonly labHoursPerMonth: number;
  };
  readonly usage: UsageAssumptions;
  readonly assumptions: readonly string[];
  readonly atRest: CostLines;
  readonly session: CostLines;
  readonly month: CostLines & {
    /** Month of sessions at list price, before free-tier allowances. */
    readonly listUsd: number;
    /** Allowances of the free-tier mode, as negative items. */
    readonly freeTierItems: readonly CostItem[];
  };
  readonly comparisons: {
    readonly natGateway: Comparison;
    readonly eks: Comparison;
    readonly alwaysOn: Comparison;
  };
  /** Things the price table does not know: the estimate leaves them out and T08 fails on them. */
  readonly unpriced: readonly string[];
  readonly budget: Plan["budget"];
}

/** Weeks per month on AWS's 730-hour month. */
export const WEEKS_PER_MONTH = HOURS_PER_MONTH / 168;

const sum = (items: readonly CostItem[]): number => items.reduce((a, i) => a + i.usd, 0);
const lines = (items: CostItem[]): CostLines => ({ items, totalUsd: sum(items) });

function item(
  id: string,
  label: string,
  category: Category,
  quantity: number,
  unit: string,
  unitUsd: number,
  source: string,
  note?: string,
): CostItem {
  return { id, label, category, quantity, unit, unitUsd, usd: quantity * unitUsd, source, ...(note ? { note } : {}) };
}

/** The priced hosts of the plan: the bastion (always on-demand) and every node. */
interface Host {
  readonly name: string;
  readonly what: string;
  readonly instanceType: string;
  readonly purchase: PlanNode["purchase"];
  readonly volumeGb: number;
  readonly publicIpv4: boolean;
  readonly role: PlanNode["role"] | "bastion";
}

function hostsOf(plan: Plan): Host[] {
  return [
    {
      name: plan.bastion.name,
      what: "bastion",
      instanceType: plan.bastion.instanceType,
      purchase: "on-demand",
      volumeGb: plan.bastion.volumeGb,
      publicIpv4: plan.bastion.publicIpv4,
      role: "bastion",
    },
    ...plan.nodes.map(
      (n): Host => ({
        name: n.name,
        what: `${n.role} node`,
        instanceType: n.instanceType,
        purchase: n.purchase,
        volumeGb: n.volumeGb,
        publicIpv4: false,
        role: n.role,
      }),
    ),
  ];
}

/** Instance, volume and IPv4 items of hosts running `hours` hours. */
function hostItems(
  hosts: readonly Host[],
  region: string,
  r: RegionPrices,
  hours: number,
  unpriced: Set<string>,
): CostItem[] {
  const out: CostItem[] = [];
  for (const h of hosts) {
    try {
      const price = instanceHourPrice(region, h.instanceType);
      const spot = h.purchase === "spot";
      out.push(
        item(
          `instance:${h.name}`,
          `${h.name} (${h.what}) ${h.instanceType} ${h.purchase}`,
          "instance",
          hours,
          "instance-hour",
          spot ? price.usd * SPOT_ASSUMPTION.factorOfOnDemand : price.usd,
          price.source,
          spot
            ? `${SPOT_ASSUMPTION.note} (assumption of ${SPOT_ASSUMPTION.asOf}, ${SPOT_ASSUMPTION.source})`
            : undefined,
        ),
      );
    } catch (e) {
      if (!(e instanceof UnknownPriceError)) throw e;
      unpriced.add(`${h.name}: ${e.message}`);
    }
    out.push(
      item(
        `ebs:${h.name}`,
        `${h.name} root volume gp3 ${h.volumeGb} GB while the instance exists`,
        "ebs",
        (h.volumeGb * hours) / HOURS_PER_MONTH,
        "GB-month",
        r.ebsGp3GbMonth.usd,
        r.ebsGp3GbMonth.source,
      ),
    );
    if (h.publicIpv4)
      out.push(
        item(
          `ipv4:${h.name}`,
          `${h.name} public IPv4 while attached`,
          "public-ipv4",
          hours,
          "address-hour",
          r.publicIpv4Hour.usd,
          r.publicIpv4Hour.source,
        ),
      );
  }
  return out;
}

function dataTransfer(r: RegionPrices, gb: number, per: string): CostItem {
  return item(
    "data-transfer-out",
    `data transfer out to the internet (${+gb.toFixed(2)} GB ${per}, assumed)`,
    "data-transfer",
    gb,
    "GB",
    r.dataTransferOutGb.usd,
    r.dataTransferOutGb.source,
  );
}

function budgetsItem(r: RegionPrices, usage: UsageAssumptions, days: number): CostItem {
  const paid = usage.otherBudgetsInAccount + 1 > 2;
  return item(
    "budgets",
    "AWS Budgets: the lab's budget",
    "budgets",
    days,
    "budget-day",
    paid ? r.budgetDay.usd : 0,
    r.budgetDay.source,
    paid
      ? `the account has ${usage.otherBudgetsInAccount} other budgets; only the first two are free`
      : "within the account's first two budgets, which are free",
  );
}

/** Subtracts the free-tier mode's monthly allowances from the month items, as negative items. */
function freeTierItems(month: readonly CostItem[], ft: FreeTierAssumption): CostItem[] {
  const out: CostItem[] = [];
  const a = ft.allowances;
  const take = (cat: Category, allowance: number, filter: (i: CostItem) => boolean, label: string) => {
    let left = allowance;
    for (const i of month.filter((x) => x.category === cat && filter(x))) {
      if (left <= 0) break;
      const q = Math.min(left, i.quantity);
      left -= q;
      if (q > 0 && i.unitUsd > 0)
        out.push(
          item(`free:${i.id}`, `free tier (${ft.mode}): ${label}`, cat, -q, i.unit, i.unitUsd, ft.sources[0] ?? ""),
        );
    }
  };
  take("instance", a.instanceHours, (i) => a.instanceTypes.some((t) => i.label.includes(` ${t} `)), "instance hours");
  take("ebs", a.ebsGbMonths, () => true, "EBS GB-months");
  take("public-ipv4", a.publicIpv4Hours, () => true, "public IPv4 hours");
  take("data-transfer", a.dataTransferOutGb, () => true, "data transfer out");
  return out;
}

/** Multiplies quantities (and so cost) of session items by the number of sessions in a month. */
function times(items: readonly CostItem[], n: number): CostItem[] {
  return items.map((i) => ({ ...i, quantity: i.quantity * n, usd: i.usd * n }));
}

/** What the model assumes about a session, a month, data transfer, prices and the free tier, printed with it. */
function labAssumptions(plan: Plan, usage: UsageAssumptions, sessionsPerMonth: number): string[] {
  const s = plan.bastion.schedule;
  const ft = FREE_TIER[plan.cost.freeTier];
  return [
    `a session is one scheduled day: bastion and nodes run ${s.hoursPerDay} h (${s.start}-${s.stop} ${s.timeZone}); nodes are started by \`moonlab wake\` and must be put to sleep by \`moonlab sleep\` or the schedule's end`,
    `a month has ${HOURS_PER_MONTH} h and ${WEEKS_PER_MONTH.toFixed(3)} weeks: ${s.daysPerWeek} sessions a week = ${sessionsPerMonth.toFixed(2)} sessions a month; start and stop are local times in ${s.timeZone}, so a session that spans a daylight-saving change is an hour shorter in spring and longer in autumn, which cancels over a year (both changes fall on the same weekday and hour)`,
    "at rest nothing runs and nothing persists that AWS bills: the bastion group is at 0 and nodes are terminated, both with DeleteOnTermination volumes",
    `data transfer out: ${usage.dataTransferOutGbPerSession} GB per session (image pulls are inbound and free)`,
    "the VPC, subnet, route table, internet gateway, security groups, static ENI, launch templates, IAM role and IPv6 addresses cost nothing",
    `prices: AWS list prices for ${plan.region} as of ${PRICES_AS_OF}, Linux on-demand${plan.nodes.some((n) => n.purchase === "spot") ? `; ${SPOT_ASSUMPTION.note}` : ""}`,
    `free tier: ${ft.mode}: ${ft.assumes}`,
  ];
}

/** What the estimate says about a lab AWS does not bill (home, local) or a region missing from the price table. */
function unpricedEstimate(base: Omit<CostEstimate, UnpricedParts>, plan: Plan): CostEstimate {
  const why =
    plan.target !== "aws"
      ? `target ${plan.target}: nothing is billed by AWS`
      : `region ${plan.region} is not in moonlab's price table (known: ${Object.keys(PRICE_TABLE).sort().join(", ")})`;
  const none: Comparison = { name: "-", description: why, monthUsd: 0, items: [] };
  return {
    ...base,
    assumptions: [why],
    atRest: lines([]),
    session: lines([]),
    month: { ...lines([]), listUsd: 0, freeTierItems: [] },
    comparisons: { natGateway: none, eks: none, alwaysOn: none },
    unpriced: plan.target === "aws" ? [why] : [],
  };
}

type UnpricedParts = "assumptions" | "atRest" | "session" | "month" | "comparisons" | "unpriced";

interface PricedLab {
  readonly plan: Plan;
  readonly r: RegionPrices;
  readonly usage: UsageAssumptions;
  readonly hosts: ReturnType<typeof hostsOf>;
  readonly sessionsPerMonth: number;
  readonly atRest: readonly CostItem[];
  readonly monthList: readonly CostItem[];
}

/** A month each, free tier not applied: the lab with a NAT gateway (which cannot sleep, and needs an Elastic IP),
 * the lab on EKS (a control plane billed every hour; the control-plane nodes go away), and the same fleet left
 * running all month. */
function comparisonsOf(lab: PricedLab): CostEstimate["comparisons"] {
  const { plan, r, usage, hosts, sessionsPerMonth, atRest, monthList } = lab;
  const hours = plan.bastion.schedule.hoursPerDay;
  const nat = [
    ...monthList,
    item(
      "nat-gateway:hours",
      "NAT gateway (runs all month: it cannot be stopped)",
      "nat-gateway",
      HOURS_PER_MONTH,
      "hour",
      r.natGatewayHour.usd,
      r.natGatewayHour.source,
    ),
    item(
      "nat-gateway:data",
      `NAT gateway data processed (${usage.natProcessedGbPerSession} GB per session, assumed)`,
      "nat-gateway",
      usage.natProcessedGbPerSession * sessionsPerMonth,
      "GB",
      r.natGatewayGb.usd,
      r.natGatewayGb.source,
    ),
    item(
      "ipv4:nat-gateway",
      "NAT gateway Elastic IP (public IPv4, all month)",
      "public-ipv4",
      HOURS_PER_MONTH,
      "address-hour",
      r.publicIpv4Hour.usd,
      r.publicIpv4Hour.source,
    ),
  ];
  const eksHosts = hosts.filter((h) => h.role !== "controlplane");
  const eks = [
    ...atRest,
    ...times(
      [
        ...hostItems(eksHosts, plan.region, r, hours, new Set()),
        dataTransfer(r, usage.dataTransferOutGbPerSession, "per session"),
      ],
      sessionsPerMonth,
    ),
    item(
      "eks:control-plane",
      "EKS control plane (billed every hour the cluster exists)",
      "eks",
      HOURS_PER_MONTH,
      "hour",
      r.eksControlPlaneHour.usd,
      r.eksControlPlaneHour.source,
    ),
  ];
  const alwaysOn = [
    ...atRest,
    ...hostItems(hosts, plan.region, r, HOURS_PER_MONTH, new Set()),
    dataTransfer(r, usage.dataTransferOutGbPerSession * sessionsPerMonth, "a month"),
  ];
  return {
    natGateway: {
      name: "with a NAT gateway",
      description: "the same lab with its nodes behind a NAT gateway (the original plan's private subnet)",
      monthUsd: sum(nat),
      items: nat,
    },
    eks: {
      name: "on EKS",
      description: "the same workers on EKS: a managed control plane billed all month instead of control-plane nodes",
      monthUsd: sum(eks),
      items: eks,
    },
    alwaysOn: {
      name: "always on",
      description:
        "the same fleet, each host on its purchase option, all month (what forgetting `moonlab sleep` costs)",
      monthUsd: sum(alwaysOn),
      items: alwaysOn,
    },
  };
}

export function estimateCost(plan: Plan, usage: UsageAssumptions = DEFAULT_USAGE): CostEstimate {
  const s = plan.bastion.schedule;
  const sessionsPerMonth = s.daysPerWeek * WEEKS_PER_MONTH;
  const hours = s.hoursPerDay;
  const ft = FREE_TIER[plan.cost.freeTier];
  const base = {
    lab: plan.lab,
    target: plan.target,
    region: plan.region,
    pricesAsOf: PRICES_AS_OF,
    freeTier: ft,
    schedule: {
      start: s.start,
      stop: s.stop,
      timeZone: s.timeZone,
      days: [...s.days],
      hoursPerSession: hours,
      sessionsPerMonth,
      labHoursPerMonth: hours * sessionsPerMonth,
    },
    usage,
    budget: plan.budget,
  };
  if (plan.target !== "aws" || PRICE_TABLE[plan.region] === undefined) return unpricedEstimate(base, plan);
  const r = regionPrices(plan.region);
  const hosts = hostsOf(plan);
  const unpriced = new Set<string>();
  const atRest = [budgetsItem(r, usage, HOURS_PER_MONTH / 24)];
  const session = [
    ...hostItems(hosts, plan.region, r, hours, unpriced),
    dataTransfer(r, usage.dataTransferOutGbPerSession, "per session"),
  ];
  const monthList = [...atRest, ...times(session, sessionsPerMonth)];
  const free = freeTierItems(monthList, ft);
  const listUsd = sum(monthList);
  return {
    ...base,
    assumptions: labAssumptions(plan, usage, sessionsPerMonth),
    atRest: lines(atRest),
    session: lines(session),
    month: { items: monthList, totalUsd: listUsd + sum(free), listUsd, freeTierItems: free },
    comparisons: comparisonsOf({ plan, r, usage, hosts, sessionsPerMonth, atRest, monthList }),
    unpriced: [...unpriced].sort(),
  };
}

/** Items whose cost makes a total exceed its limit, largest first (what a failing T08 check names). */
export function itemsBreaking(lines: CostLines, limitUsd: number): CostItem[] {
  if (lines.totalUsd <= limitUsd) return [];
  return [...lines.items].filter((i) => i.usd > 0).sort((a, b) => b.usd - a.usd || (a.id < b.id ? -1 : 1));
}
