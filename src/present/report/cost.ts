// The cost section: the chart (Vega-Lite, cost-chart.ts), the totals against the budget, the items, the
// assumptions and the price table's date, all read from the rendered cost.json.
import type { Element } from "hast";
import type { CostEstimate, CostItem } from "../../cost-model/estimate.ts";
import { describeItem, usd } from "../../cost-model/format.ts";
import { SCENARIOS } from "../chart/cost-chart.ts";
import { h, raw, table } from "../html/page.ts";

const items = (caption: string, list: readonly CostItem[]) =>
  table(
    caption,
    ["item", "calculation", "USD"],
    [...list]
      .sort((a, b) => b.usd - a.usd || (a.id < b.id ? -1 : 1))
      .map((i) => [i.label, describeItem(i).replace(/^.*?: /, ""), usd(i.usd)]),
  );

export function costSection(e: CostEstimate, chartSvg: string | undefined): Element {
  const c = e.comparisons;
  const head = h("p", [
    `AWS list prices as of `,
    h("strong", e.pricesAsOf),
    ` (${e.region}); free tier: ${e.freeTier.mode} (${e.freeTier.assumes}).`,
  ]);
  if (e.target !== "aws")
    return h("section", { id: "cost", "aria-labelledby": "cost-h" }, [
      h("h2", { id: "cost-h" }, "Cost"),
      h("p", `Target ${e.target}: no cloud bill. The hardware, power and network are yours.`),
      h(
        "ul",
        e.assumptions.map((a) => h("li", a)),
      ),
    ]);
  const s = e.schedule;
  const ok = (v: number, limit: number) => (v > limit + 1e-9 ? "OVER" : "within");
  return h("section", { id: "cost", "aria-labelledby": "cost-h" }, [
    h("h2", { id: "cost-h" }, "Cost"),
    head,
    h(
      "p",
      `Schedule ${s.start}-${s.stop} ${s.timeZone} on ${s.days.join(", ")}: ${s.hoursPerSession} h a session, ${s.sessionsPerMonth.toFixed(2)} sessions a month.`,
    ),
    ...(chartSvg
      ? [
          h("figure", { class: "chart" }, [
            h("div", { class: "scroll", tabindex: 0, role: "region", "aria-label": "cost chart" }, [raw(chartSvg)]),
            h("figcaption", [
              "The estimate by item category. ",
              h("a", { href: "cost.svg" }, "Open the chart alone"),
              ".",
            ]),
          ]),
        ]
      : []),
    table(
      "Totals",
      ["what", "USD", "budget", "verdict"],
      [
        [
          SCENARIOS.atRest,
          usd(e.atRest.totalUsd),
          `${usd(e.budget.atRestMonthly)} (budget.atRestMonthly)`,
          ok(e.atRest.totalUsd, e.budget.atRestMonthly),
        ],
        [
          SCENARIOS.session,
          usd(e.session.totalUsd),
          `${usd(e.budget.perSession)} (budget.perSession)`,
          ok(e.session.totalUsd, e.budget.perSession),
        ],
        [
          `${SCENARIOS.month} (list ${usd(e.month.listUsd)})`,
          usd(e.month.totalUsd),
          `${usd(e.budget.monthly)} (budget.monthly)`,
          ok(e.month.totalUsd, e.budget.monthly),
        ],
        [`${SCENARIOS.nat}: ${c.natGateway.description}`, usd(c.natGateway.monthUsd), "", "comparison"],
        [`${SCENARIOS.eks}: ${c.eks.description}`, usd(c.eks.monthUsd), "", "comparison"],
        [`${SCENARIOS.alwaysOn}: ${c.alwaysOn.description}`, usd(c.alwaysOn.monthUsd), "", "comparison"],
      ],
    ),
    items(`One session (${s.hoursPerSession} h), item by item`, e.session.items),
    items("At rest, a month, item by item", e.atRest.items),
    h("h3", "Assumptions"),
    h(
      "ul",
      e.assumptions.map((a) => h("li", a)),
    ),
    ...(e.unpriced.length > 0
      ? [
          h("h3", "Not priced (the totals leave these out)"),
          h(
            "ul",
            e.unpriced.map((u) => h("li", u)),
          ),
        ]
      : []),
  ]);
}
