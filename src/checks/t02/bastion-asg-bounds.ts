import { ROLE_TAG } from "../../render/aws/names.ts";
import { awsModes, seenIn } from "../aws-modes.ts";
import { defineCheck, fail, verdict } from "../check.ts";

export default defineCheck(import.meta.url, {
  test: "T02",
  title: "The bastion runs in an Auto Scaling group of at most one, at least zero",
  given: "a spec with target aws",
  when: "the AWS stack is rendered or deployed",
  then: "exactly one bastion Auto Scaling group exists with min 0 and max 1, launching the spec's instance type",
  why: "min 0 lets the lab sleep for free; max 1 keeps a single owner of the static ENI (two bastions cannot share it).",
  ...awsModes((plan, lab) => {
    const groups = lab.autoScalingGroups.filter((g) => g.tags[ROLE_TAG] === "bastion");
    if (groups.length !== 1) return fail(`${groups.length} bastion Auto Scaling groups (${seenIn(lab)}), expected one`);
    const g = groups[0] as (typeof groups)[number];
    const problems: string[] = [];
    if (g.min !== 0) problems.push(`group ${g.name} has min ${g.min}, expected 0`);
    if (g.max !== 1) problems.push(`group ${g.name} has max ${g.max}, expected 1`);
    const lt = lab.launchTemplates.find((t) => t.id === g.launchTemplate || t.name === g.launchTemplate);
    if (!lt) problems.push(`group ${g.name} has no launch template (${g.launchTemplate ?? "none"})`);
    else if (lt.instanceType !== plan.bastion.instanceType)
      problems.push(`launch template ${lt.name} has ${lt.instanceType}, the spec says ${plan.bastion.instanceType}`);
    return verdict(problems, [
      `group ${g.name}: min ${g.min}, max ${g.max}${g.desired !== undefined ? `, desired ${g.desired}` : ""} (${seenIn(lab)})`,
      `instance type ${plan.bastion.instanceType}`,
    ]);
  }),
});
