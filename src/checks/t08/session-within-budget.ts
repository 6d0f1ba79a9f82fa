import { budgetLines } from "../../cost-model/format.ts";
import { readCostJson } from "../../render/cost/read.ts";
import { defineCheck, fail, notApplicable, type Outcome } from "../check.ts";

export default defineCheck(import.meta.url, {
  test: "T08",
  title: "One lab session costs at most budget.perSession",
  given: "a plan for AWS and its rendered cost.json",
  when: "the lab runs one scheduled day (bastion and nodes for the schedule's hours)",
  then: "instance hours, EBS GB-months, public IPv4 hours and data transfer add up to at most budget.perSession",
  why: "The session is what the operator pays every day the lab is used; naming the items that break it says what to shrink.",
  plan: ({ plan, artifacts }): Outcome => {
    if (plan.target !== "aws") return notApplicable(`target ${plan.target}: nothing is billed by AWS`);
    const e = readCostJson(artifacts);
    if (!e) return fail("cost.json was not rendered");
    if (e.unpriced.length > 0) return fail("cannot price the plan, so cannot prove the budget:", ...e.unpriced);
    const s = e.schedule;
    const r = budgetLines(
      `one session (${s.hoursPerSession} h, ${s.start}-${s.stop} ${s.timeZone}):`,
      e.session,
      plan.budget.perSession,
      "budget.perSession",
    );
    const free = `free tier assumed: ${e.freeTier.mode} (session figures are list prices)`;
    return r.over ? fail(...r.lines, free) : { status: "pass", evidence: [...r.lines, free] };
  },
});
