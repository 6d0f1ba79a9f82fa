// The figures the report and the talk both show, computed once per view: the exposure model, the laid-out
// architecture diagram, the cost estimate with its chart (AWS only) and the suite's summary.
import { summarize } from "../checks/result.ts";
import { costChartSvg } from "./chart/cost-chart.ts";
import { architectureDiagram } from "./diagram/layout.ts";
import { exposureOf } from "./exposure.ts";
import { costOf, type Engines, type LabView } from "./lab-view.ts";

export async function figuresOf(v: LabView, engines: Engines) {
  const exposure = exposureOf(v.plan, v.artifacts);
  const cost = costOf(v);
  return {
    exposure,
    diagram: architectureDiagram(v.plan, exposure, engines.layout),
    cost,
    chart: v.plan.target === "aws" ? await costChartSvg(cost) : undefined,
    summary: summarize(v.results),
  };
}
