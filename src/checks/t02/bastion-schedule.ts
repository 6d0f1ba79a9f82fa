import { ROLE_TAG } from "../../render/aws/names.ts";
import { recurrences } from "../../render/aws/schedule.ts";
import { awsModes, seenIn } from "../aws-modes.ts";
import { defineCheck, fail, verdict } from "../check.ts";

export default defineCheck(import.meta.url, {
  test: "T02",
  title: "Scheduled actions wake and stop the bastion in the spec's time zone",
  given: "a spec with a bastion schedule (start, stop, days, timeZone)",
  when: "the AWS stack is rendered or deployed",
  then:
    "the bastion group has a wake action (desired 1) and a sleep action (desired 0) with the schedule's recurrences " +
    "and its explicit time zone",
  why: "A forgotten bastion costs money all night; a schedule without a time zone runs in UTC and drifts with DST.",
  ...awsModes((plan, lab) => {
    const g = lab.autoScalingGroups.find((x) => x.tags[ROLE_TAG] === "bastion");
    if (!g) return fail(`no bastion Auto Scaling group (${seenIn(lab)})`);
    const want = recurrences(plan.bastion.schedule);
    const tz = plan.bastion.schedule.timeZone;
    const problems: string[] = [];
    const ok: string[] = [];
    for (const [what, rec, desired] of [
      ["wake", want.wake, 1],
      ["sleep", want.sleep, 0],
    ] as const) {
      const a = g.scheduledActions.find((s) => s.desired === desired);
      if (!a) problems.push(`no ${what} action (desired ${desired}) on ${g.name}`);
      else if (a.recurrence !== rec || a.timeZone !== tz)
        problems.push(
          `${what} action ${a.name} is "${a.recurrence}" ${a.timeZone ?? "(no time zone)"}, expected "${rec}" ${tz}`,
        );
      else ok.push(`${what}: "${rec}" ${tz} -> desired ${desired} (${seenIn(lab)})`);
    }
    return verdict(problems, ok);
  }),
});
