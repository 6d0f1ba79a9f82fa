// The cost estimate as a chart: a Vega-Lite specification (typed data, no coordinates) compiled to Vega and drawn
// by Vega's own SVG renderer in Node (renderer "none", no canvas, no browser). Vega measures text with its built-in
// estimate when no canvas is installed, so the same estimate always gives the same bytes.
import * as vega from "vega";
import type { TopLevelSpec } from "vega-lite";
import { compile } from "vega-lite";
import type { CostEstimate, CostItem } from "../../cost-model/estimate.ts";

interface Row {
  readonly scenario: string;
  readonly category: string;
  readonly usd: number;
}

const rowsOf = (scenario: string, items: readonly CostItem[]): Row[] => {
  const byCategory = new Map<string, number>();
  for (const i of items) byCategory.set(i.category, (byCategory.get(i.category) ?? 0) + i.usd);
  return [...byCategory]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([category, usd]) => ({ scenario, category, usd: Math.round(usd * 100) / 100 }));
};

/** Scenario names as the chart and the tables label them. */
export const SCENARIOS = {
  atRest: "at rest (a month)",
  session: "one session",
  month: "a month of sessions",
  nat: "with a NAT gateway",
  eks: "on EKS",
  alwaysOn: "always on",
} as const;

const PALETTE = ["#1d4ed8", "#0f766e", "#b45309", "#7c3aed", "#be123c", "#475569", "#15803d"];

function bars(title: string, rows: Row[], order: string[], budget: { usd: number; label: string }[]): object {
  return {
    title: { text: title, anchor: "start", fontSize: 13 },
    width: 520,
    layer: [
      {
        data: { values: rows },
        mark: { type: "bar" },
        encoding: {
          y: {
            field: "scenario",
            type: "nominal",
            sort: null,
            scale: { domain: order },
            title: null,
            axis: { labelLimit: 200 },
          },
          x: { aggregate: "sum", field: "usd", type: "quantitative", title: "US dollars (list prices)" },
          color: {
            field: "category",
            type: "nominal",
            title: "item",
            scale: { range: PALETTE },
            legend: { orient: "bottom", columns: 4 },
          },
          order: { field: "category" },
        },
      },
      {
        data: { values: budget },
        mark: { type: "tick", color: "#b91c1c", thickness: 3, size: 22 },
        encoding: {
          y: { field: "label", type: "nominal", sort: null, scale: { domain: order } },
          x: { field: "usd", type: "quantitative" },
        },
      },
    ],
  };
}

export function costChartSpec(e: CostEstimate): TopLevelSpec {
  const c = e.comparisons;
  const top = [...rowsOf(SCENARIOS.atRest, e.atRest.items), ...rowsOf(SCENARIOS.session, e.session.items)];
  const monthItems = [...e.month.items];
  const bottom = [
    ...rowsOf(SCENARIOS.month, monthItems),
    ...rowsOf(SCENARIOS.nat, c.natGateway.items),
    ...rowsOf(SCENARIOS.eks, c.eks.items),
    ...rowsOf(SCENARIOS.alwaysOn, c.alwaysOn.items),
  ];
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    background: "#ffffff",
    config: { font: "Arial", view: { stroke: null } },
    vconcat: [
      bars(
        "At rest and per session (red tick: the budget)",
        top,
        [SCENARIOS.atRest, SCENARIOS.session],
        [
          { label: SCENARIOS.atRest, usd: e.budget.atRestMonthly },
          { label: SCENARIOS.session, usd: e.budget.perSession },
        ],
      ),
      bars(
        "A month: the scheduled lab and the alternatives (red tick: budget.monthly)",
        bottom,
        [SCENARIOS.month, SCENARIOS.nat, SCENARIOS.eks, SCENARIOS.alwaysOn],
        [{ label: SCENARIOS.month, usd: e.budget.monthly }],
      ),
    ],
    resolve: { scale: { x: "independent", color: "shared" } },
  } as TopLevelSpec;
}

/** The chart as SVG text with a title for screen readers. */
export async function costChartSvg(e: CostEstimate): Promise<string> {
  const view = new vega.View(vega.parse(compile(costChartSpec(e)).spec), { renderer: "none" });
  try {
    const svg = await view.toSVG();
    return svg.replace(
      /^<svg\b/,
      `<svg role="img" aria-label="Cost of lab ${e.lab}: at rest, per session, a month, and a month with a NAT gateway, on EKS and always on"`,
    );
  } finally {
    view.finalize();
  }
}
