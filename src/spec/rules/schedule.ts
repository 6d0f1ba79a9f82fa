// The bastion schedule: a real IANA time zone and a start that differs from the stop.
import { issue, type SpecIssue } from "../issue.ts";
import type { Rule } from "./rule.ts";

export function isTimeZone(tz: string): boolean {
  if (tz === "UTC") return true;
  return Intl.supportedValuesOf("timeZone").includes(tz);
}

export const scheduleRule: Rule = (spec) => {
  const out: SpecIssue[] = [];
  const s = spec.bastion.schedule;
  if (!isTimeZone(s.timeZone))
    out.push(
      issue("schedule.time-zone", "bastion.schedule.timeZone", "not an IANA time zone", {
        received: s.timeZone,
        allowed: "an IANA name such as Europe/Dublin, America/New_York or UTC",
        fix: "use the time zone name from the tz database",
      }),
    );
  if (s.start === s.stop)
    out.push(
      issue("schedule.empty", "bastion.schedule", "start and stop are the same time", {
        received: `${s.start}-${s.stop}`,
        fix: "choose a stop time after the start (it may pass midnight)",
      }),
    );
  if (new Set(s.days).size !== s.days.length)
    out.push(issue("schedule.duplicate-day", "bastion.schedule.days", "a day is listed twice", { received: s.days }));
  return out;
};
