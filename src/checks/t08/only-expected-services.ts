import { expectedServices, unexpectedCharges } from "../../cost-model/expected-services.ts";
import { usd } from "../../cost-model/format.ts";
import { defineCheck, fail, notApplicable, pass } from "../check.ts";
import { withPort } from "../need-port.ts";

export default defineCheck(import.meta.url, {
  test: "T08",
  title: "Only the services the lab uses are billed",
  given: "a deployed lab on AWS",
  when: "Cost Explorer lists this month's charges by service",
  then: "every service with a charge is one the lab expects (EC2, EC2 - Other, VPC, Cost Explorer, Budgets, ...)",
  why: "A charge from an unexpected service (a load balancer, a NAT gateway's region, a forgotten bucket) is a leak the model cannot see.",
  live: async (t) => {
    if (t.plan.target !== "aws") return notApplicable(`target ${t.plan.target}: nothing is billed by AWS`);
    return withPort(t, "aws", async (aws) => {
      const m = await aws.monthToDateCost();
      const bad = unexpectedCharges(t.plan, m.byService);
      const expected = expectedServices(t.plan).map((s) => s.service);
      if (bad.length > 0)
        return fail(
          ...bad.map(([s, v]) => `unexpected service billed this month: ${s} ${usd(v)}`),
          `expected only: ${expected.join(", ")}`,
        );
      const seen = Object.keys(m.byService)
        .filter((s) => (m.byService[s] ?? 0) > 0)
        .sort();
      return pass(
        seen.length === 0 ? "no service billed this month" : `billed this month: ${seen.join(", ")} (all expected)`,
      );
    });
  },
});
