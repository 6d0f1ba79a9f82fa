import { awsModes, seenIn } from "../aws-modes.ts";
import { defineCheck, fail, verdict } from "../check.ts";

export default defineCheck(import.meta.url, {
  test: "T01",
  title: "Route tables hold only local and internet gateway routes",
  given: "a spec with target aws",
  when: "the AWS stack is rendered or deployed",
  then: "every route of every lab route table targets the VPC (local) or the lab's internet gateway",
  why: "A route to a NAT, an instance or a peering would be an unplanned path out (or in) and often a cost.",
  ...awsModes((_plan, lab) => {
    if (lab.routeTables.length === 0) return fail(`no route table (${seenIn(lab)})`);
    const igws = new Set(lab.internetGateways.map((g) => g.id));
    const problems: string[] = [];
    let n = 0;
    for (const rt of lab.routeTables)
      for (const r of rt.routes) {
        n++;
        if (r.target !== "local" && !igws.has(r.target))
          problems.push(`route table ${rt.id}: ${r.destination} -> ${r.target} is neither local nor the lab's gateway`);
      }
    return verdict(problems, [
      `${n} routes in ${lab.routeTables.length} route tables, all local or IGW (${seenIn(lab)})`,
    ]);
  }),
});
