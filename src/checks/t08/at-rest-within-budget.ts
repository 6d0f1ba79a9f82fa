import { budgetLines } from "../../cost-model/format.ts";
import { readCostJson } from "../../render/cost/read.ts";
import { defineCheck, fail, notApplicable, type Outcome } from "../check.ts";

export default defineCheck(import.meta.url, {
  test: "T08",
  title: "The lab costs at most budget.atRestMonthly a month at rest",
  given: "a plan for AWS and its rendered cost.json",
  when: "everything is asleep (bastion group at 0, nodes terminated)",
  then: "what AWS still bills each month is at most budget.atRestMonthly (default $0.10), item by item",
  why: "A lab that sleeps most of the day must not cost money while asleep; stopped nodes keeping their volumes, an Elastic IP or a NAT gateway would bill all month.",
  plan: ({ plan, artifacts }): Outcome => {
    if (plan.target !== "aws") return notApplicable(`target ${plan.target}: nothing is billed by AWS`);
    const e = readCostJson(artifacts);
    if (!e) return fail("cost.json was not rendered");
    if (e.unpriced.length > 0) return fail("cannot price the plan, so cannot prove the budget:", ...e.unpriced);
    const r = budgetLines("at rest a month:", e.atRest, plan.budget.atRestMonthly, "budget.atRestMonthly");
    const free = `free tier assumed: ${e.freeTier.mode} (at-rest figures are list prices)`;
    return r.over ? fail(...r.lines, free) : { status: "pass", evidence: [...r.lines, free] };
  },
});
