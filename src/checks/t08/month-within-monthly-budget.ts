import { usd } from "../../cost-model/format.ts";
import { readCostJson } from "../../render/cost/read.ts";
import { defineCheck, fail, notApplicable, pass } from "../check.ts";

export default defineCheck(import.meta.url, {
  test: "T08",
  title: "A month of scheduled sessions fits budget.monthly",
  given: "a plan for AWS and its rendered cost.json",
  when: "the lab runs every scheduled day of a month",
  then: "at rest plus every scheduled session costs at most budget.monthly (the AWS Budgets limit the wake guard enforces)",
  why: "Otherwise the budget notifies and `moonlab up`/`wake` refuse mid-month; the spec should say how much use it pays for.",
  plan: ({ plan, artifacts }) => {
    if (plan.target !== "aws") return notApplicable(`target ${plan.target}: nothing is billed by AWS`);
    const e = readCostJson(artifacts);
    if (!e) return fail("cost.json was not rendered");
    const s = e.schedule;
    const limit = plan.budget.monthly;
    const fits = e.session.totalUsd > 0 ? Math.floor((limit - e.atRest.totalUsd) / e.session.totalUsd) : Infinity;
    const line = `a month of ${s.sessionsPerMonth.toFixed(2)} sessions (${s.days.join(",")}, ${s.hoursPerSession} h) + at rest: ${usd(e.month.totalUsd)}`;
    if (e.month.totalUsd > limit + 1e-9)
      return fail(
        `${line} is over budget.monthly ${usd(limit)}`,
        `budget.monthly pays for ${Math.max(0, fits)} sessions of ${usd(e.session.totalUsd)} a month; after that the wake guard refuses`,
        "fix: raise budget.monthly, schedule fewer days or hours, or shrink the session (see t08/session-within-budget)",
      );
    return pass(`${line} <= budget.monthly ${usd(limit)}`, `free tier: ${e.freeTier.mode}`);
  },
});
