import { awsModes, OPEN, seenIn } from "../aws-modes.ts";
import { defineCheck, fail, verdict } from "../check.ts";

export default defineCheck(import.meta.url, {
  test: "T09",
  title: "No security group accepts ingress from 0.0.0.0/0 or ::/0",
  given: "a spec with target aws",
  when: "the AWS stack is rendered or deployed",
  then: "no ingress rule of any lab security group has the source 0.0.0.0/0 or ::/0",
  why: "A lab with Talos and Kubernetes APIs and open caches must not be reachable from the whole internet.",
  ...awsModes((_plan, lab) => {
    if (lab.securityGroups.length === 0) return fail(`no security group (${seenIn(lab)})`);
    const problems: string[] = [];
    let rules = 0;
    for (const g of lab.securityGroups)
      for (const r of g.ingress) {
        rules++;
        if (OPEN.has(r.source))
          problems.push(
            `${g.id} (${g.name}) allows ${r.protocol} ${r.fromPort ?? "*"}-${r.toPort ?? "*"} from ${r.source}`,
          );
      }
    return verdict(problems, [
      `${rules} ingress rules in ${lab.securityGroups.length} groups, none open (${seenIn(lab)})`,
    ]);
  }),
});
