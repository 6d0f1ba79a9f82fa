import { defineCheck, notApplicable, verdict } from "../check.ts";
import { withPort } from "../need-port.ts";

export default defineCheck(import.meta.url, {
  test: "T09",
  title: "The VPC's default security group has no rules",
  given: "a deployed lab",
  when: "`moonlab up` has finished",
  then: "the default security group of the lab VPC has no ingress and no egress rule",
  why:
    "Anything launched without a group lands in the default group, which EC2 creates allowing all traffic within " +
    "itself and all egress. The stack cannot change it without a custom-resource Lambda (which would need a CDK " +
    "bootstrap stack), so `moonlab up` revokes its rules through the API and this check proves it.",
  plan: ({ plan }) =>
    notApplicable(
      plan.target === "aws"
        ? "EC2 creates the default group with the VPC; `moonlab up` empties it after deploy: observed live only"
        : `target ${plan.target} has no AWS stack`,
    ),
  live: async (t) => {
    if (t.plan.target !== "aws") return notApplicable(`target ${t.plan.target} has no AWS stack`);
    return withPort(t, "aws", async (aws) => {
      const lab = await aws.describeLab(t.plan.lab);
      const defaults = lab.securityGroups.filter((g) => g.isDefault);
      if (defaults.length === 0) return notApplicable("the lab's VPC is not deployed (no default group found)");
      const problems: string[] = [];
      for (const g of defaults) {
        for (const r of g.ingress) problems.push(`default group ${g.id} allows ingress ${r.protocol} from ${r.source}`);
        for (const r of g.egress) problems.push(`default group ${g.id} allows egress ${r.protocol} to ${r.source}`);
      }
      return verdict(
        problems,
        defaults.map((g) => `default group ${g.id} of ${g.vpcId}: no rules`),
      );
    });
  },
});
