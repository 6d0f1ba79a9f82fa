import { usd } from "../../cost-model/format.ts";
import { defineCheck, fail, notApplicable, pass } from "../check.ts";
import { withPort } from "../need-port.ts";

export default defineCheck(import.meta.url, {
  test: "T08",
  title: "Month-to-date spend is under budget.monthly",
  given: "a deployed lab on AWS",
  when: "Cost Explorer is asked for this month's unblended cost",
  then: "the total is at most budget.monthly",
  why: "The model can be wrong; the bill cannot. Over budget means something runs that the plan did not price.",
  live: async (t) => {
    if (t.plan.target !== "aws") return notApplicable(`target ${t.plan.target}: nothing is billed by AWS`);
    return withPort(t, "aws", async (aws) => {
      const m = await aws.monthToDateCost();
      const by = Object.entries(m.byService)
        .filter(([, v]) => v > 0)
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .map(([s, v]) => `${s}: ${usd(v)}`);
      const limit = t.plan.budget.monthly;
      if (m.totalUsd > limit)
        return fail(`month-to-date ${usd(m.totalUsd)} is over budget.monthly ${usd(limit)}; by service:`, ...by);
      return pass(`month-to-date ${usd(m.totalUsd)} <= budget.monthly ${usd(limit)}`, ...by);
    });
  },
});
