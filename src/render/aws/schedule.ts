// The bastion's schedule as Auto Scaling recurrences (cron, evaluated in the schedule's own time zone).
import type { PlanSchedule } from "../../plan/types.ts";

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

function cronDays(days: readonly string[]): string {
  if (days.length === 7) return "*";
  return days.map((d) => d.toUpperCase()).join(",");
}

function hm(hhmm: string): [number, number] {
  const [h, m] = hhmm.split(":").map(Number);
  return [h ?? 0, m ?? 0];
}

/** Wake and sleep recurrences. A stop at or before the start time means the next day, so its days shift by one. */
export function recurrences(s: PlanSchedule): { wake: string; sleep: string } {
  const [sh, sm] = hm(s.start);
  const [eh, em] = hm(s.stop);
  const wrapsMidnight = eh * 60 + em <= sh * 60 + sm;
  const stopDays = wrapsMidnight
    ? s.days.map((d) => DAYS[(DAYS.indexOf(d as (typeof DAYS)[number]) + 1) % 7] as string)
    : [...s.days];
  const ordered = DAYS.filter((d) => stopDays.includes(d));
  return { wake: `${sm} ${sh} * * ${cronDays(s.days)}`, sleep: `${em} ${eh} * * ${cronDays(ordered)}` };
}
