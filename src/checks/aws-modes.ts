// AWS checks judge one LiveLab: in plan mode read from the rendered template, in live mode from the AWS API.
// This turns one judgement into both modes, so a check cannot prove something in the plan that it never asks live.
import type { Plan } from "../plan/types.ts";
import type { LiveLab } from "../ports/aws.ts";
import { planFacts } from "../render/aws/read.ts";
import { type CheckSpec, notApplicable, type Outcome } from "./check.ts";
import { withPort } from "./need-port.ts";

export type AwsJudge = (plan: Plan, lab: LiveLab) => Outcome;

export function awsModes(judge: AwsJudge): Pick<CheckSpec, "plan" | "live"> {
  return {
    plan: ({ plan, artifacts }) => {
      if (plan.target !== "aws") return notApplicable(`target ${plan.target} has no AWS stack`);
      const facts = planFacts(plan, artifacts);
      if (!facts) return notApplicable("aws/template.json was not rendered");
      return judge(plan, facts);
    },
    live: async (t) => {
      if (t.plan.target !== "aws") return notApplicable(`target ${t.plan.target} has no AWS stack`);
      return withPort(t, "aws", async (aws) => judge(t.plan, await aws.describeLab(t.plan.lab)));
    },
  };
}

/** Where a fact was read from, for evidence lines. */
export function seenIn(lab: LiveLab): string {
  const where = lab.source === "template" ? "template" : `AWS API (${lab.region})`;
  return lab.emulator ? `${where}, emulator ${lab.emulator.name}` : where;
}

/** True when the emulator (or an emulator-profile template) cannot model this difference key. */
export function emulatorLacks(lab: LiveLab, key: string): boolean {
  return lab.emulator?.differences.includes(key) === true;
}

/** Does a rule cover a port of a protocol? Protocol -1 covers everything. */
export function covers(rule: { protocol: string; fromPort?: number; toPort?: number }, proto: string, port: number) {
  if (rule.protocol === "-1" || rule.protocol === "all") return true;
  if (rule.protocol !== proto) return false;
  const from = rule.fromPort ?? 0;
  const to = rule.toPort ?? 65535;
  return port >= from && port <= to;
}

/** The lab's VPC (the one tagged for the lab and with the plan's CIDR). */
export function labVpc(plan: Plan, lab: LiveLab) {
  return lab.vpcs.find((v) => v.cidr === plan.network.cidr) ?? lab.vpcs[0];
}

export const OPEN = new Set(["0.0.0.0/0", "::/0"]);
