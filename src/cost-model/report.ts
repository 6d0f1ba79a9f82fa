// Text views of a cost estimate: the item-by-item report `moonlab cost` prints and the benchmark ratios
// `moonlab bench-cost` prints. Both read the same CostEstimate the renderer writes to cost.json.
import type { CostEstimate, CostItem, CostLines } from "./estimate.ts";
import { describeItem, usd } from "./format.ts";

function section(title: string, l: CostLines, limit?: { usd: number; path: string }): string[] {
  const verdict =
    limit === undefined
      ? ""
      : `   budget ${usd(limit.usd)} (${limit.path}): ${l.totalUsd > limit.usd + 1e-9 ? "OVER" : "ok"}`;
  const items = [...l.items].sort((a, b) => b.usd - a.usd || (a.id < b.id ? -1 : 1));
  return [
    `${title}: ${usd(l.totalUsd)}${verdict}`,
    ...items.map((i) => `  ${describeItem(i)}${i.note ? ` (${i.note})` : ""}`),
  ];
}

const extra = (items: readonly CostItem[], ids: readonly string[]) =>
  items
    .filter((i) => ids.some((p) => i.id.startsWith(p)))
    .map((i) => `${i.label.replace(/ \(.*$/, "")} ${usd(i.usd)}`)
    .join(", ");

export function formatCostReport(e: CostEstimate): string {
  const s = e.schedule;
  const head = [
    `moonlab cost: lab ${e.lab} (${e.target}, ${e.region}), AWS list prices as of ${e.pricesAsOf}`,
    `free tier: ${e.freeTier.mode}: ${e.freeTier.assumes}`,
  ];
  if (e.target !== "aws") return `${[...head, ...e.assumptions].join("\n")}\n`;
  const free = e.month.freeTierItems.reduce((a, i) => a + i.usd, 0);
  const out = [
    ...head,
    `schedule: ${s.start}-${s.stop} ${s.timeZone} on ${s.days.join(",")}: ${s.hoursPerSession} h a session, ${s.sessionsPerMonth.toFixed(2)} sessions a month (${s.labHoursPerMonth.toFixed(1)} lab-hours)`,
    "",
    ...section("At rest, a month (everything asleep)", e.atRest, {
      usd: e.budget.atRestMonthly,
      path: "budget.atRestMonthly",
    }),
    "",
    ...section(`One session (${s.hoursPerSession} h)`, e.session, {
      usd: e.budget.perSession,
      path: "budget.perSession",
    }),
    "",
    `A month of sessions: ${usd(e.month.totalUsd)} (list ${usd(e.month.listUsd)}${free !== 0 ? `, free tier ${usd(free)}` : ""})   budget ${usd(e.budget.monthly)} (budget.monthly): ${e.month.totalUsd > e.budget.monthly ? "OVER" : "ok"}`,
    ...e.month.freeTierItems.map((i) => `  ${describeItem(i)}`),
    "",
    "Compared, a month with the same model (free tier not applied):",
    `  the same lab with a NAT gateway: ${usd(e.comparisons.natGateway.monthUsd)} (${extra(e.comparisons.natGateway.items, ["nat-gateway", "ipv4:nat"])})`,
    `  the same lab on EKS: ${usd(e.comparisons.eks.monthUsd)} (${extra(e.comparisons.eks.items, ["eks:"])}; no control-plane nodes)`,
    `  the same fleet on all month: ${usd(e.comparisons.alwaysOn.monthUsd)}`,
    "",
    "Assumptions:",
    ...e.assumptions.map((a) => `  - ${a}`),
    ...(e.unpriced.length > 0
      ? ["", "NOT PRICED (the totals leave these out):", ...e.unpriced.map((u) => `  - ${u}`)]
      : []),
  ];
  return `${out.join("\n")}\n`;
}

export interface BenchRatios {
  readonly labHourUsd: number;
  readonly labHoursPerMonth: number;
  readonly monthUsd: number;
  readonly alwaysOnMonthUsd: number;
  readonly natMonthUsd: number;
  readonly eksMonthUsd: number;
  /** always-on month / scheduled month: how many times cheaper sleeping is. */
  readonly alwaysOnRatio: number;
  readonly natRatio: number;
  readonly eksRatio: number;
}

/** The benchmark's figures: lab-hour cost and how the variants compare with the scheduled lab (list prices). */
export function benchRatios(e: CostEstimate): BenchRatios {
  const month = e.month.listUsd;
  const hours = e.schedule.labHoursPerMonth;
  const ratio = (x: number) => (month > 0 ? x / month : Number.NaN);
  return {
    labHourUsd: hours > 0 ? month / hours : Number.NaN,
    labHoursPerMonth: hours,
    monthUsd: month,
    alwaysOnMonthUsd: e.comparisons.alwaysOn.monthUsd,
    natMonthUsd: e.comparisons.natGateway.monthUsd,
    eksMonthUsd: e.comparisons.eks.monthUsd,
    alwaysOnRatio: ratio(e.comparisons.alwaysOn.monthUsd),
    natRatio: ratio(e.comparisons.natGateway.monthUsd),
    eksRatio: ratio(e.comparisons.eks.monthUsd),
  };
}

export function formatBench(e: CostEstimate, r: BenchRatios, elapsedMs: number, runs: number): string {
  const x = (n: number) => `${n.toFixed(2)}x`;
  return `${[
    `moonlab bench-cost: lab ${e.lab} (${e.region}), prices as of ${e.pricesAsOf}, free tier not applied`,
    `lab-hour cost: ${usd(r.labHourUsd)} (${usd(r.monthUsd)} a month over ${r.labHoursPerMonth.toFixed(1)} lab-hours)`,
    `same fleet on all month: ${usd(r.alwaysOnMonthUsd)} = ${x(r.alwaysOnRatio)} the scheduled lab (${usd(r.alwaysOnMonthUsd / 730)} per wall-clock hour: a lab hour costs about what an always-on hour does; sleeping saves the hours nobody uses)`,
    `with a NAT gateway: ${usd(r.natMonthUsd)} = ${x(r.natRatio)} the scheduled lab`,
    `on EKS: ${usd(r.eksMonthUsd)} = ${x(r.eksRatio)} the scheduled lab`,
    `estimate computed ${runs} times in ${elapsedMs.toFixed(1)} ms (${((elapsedMs * 1000) / runs).toFixed(1)} us each)`,
  ].join("\n")}\n`;
}
