// What each free-tier mode of the spec (`cost.freeTier`) assumes. AWS changed its free tier on 2025-07-15:
// accounts created before keep the legacy 12-month offers; accounts created on or after get credits instead
// ($100 at sign-up + up to $100 earned, on a free plan of at most 6 months or a paid plan).
// Sources: https://aws.amazon.com/free/ and
// https://aws.amazon.com/blogs/aws/aws-free-tier-update-new-customers-can-get-started-and-explore-aws-with-up-to-200-in-credits/
import type { Plan } from "../plan/types.ts";

export type FreeTierMode = Plan["cost"]["freeTier"];

/** Monthly allowances the mode subtracts from a month of sessions (never from the at-rest or session figures). */
export interface FreeAllowances {
  /** Instance-hours per month, shared by the listed types. */
  readonly instanceHours: number;
  readonly instanceTypes: readonly string[];
  readonly ebsGbMonths: number;
  readonly publicIpv4Hours: number;
  readonly dataTransferOutGb: number;
}

export interface FreeTierAssumption {
  readonly mode: FreeTierMode;
  readonly assumes: string;
  readonly allowances: FreeAllowances;
  readonly sources: readonly string[];
}

const NONE: FreeAllowances = {
  instanceHours: 0,
  instanceTypes: [],
  ebsGbMonths: 0,
  publicIpv4Hours: 0,
  dataTransferOutGb: 0,
};

export const FREE_TIER: Readonly<Record<FreeTierMode, FreeTierAssumption>> = {
  none: {
    mode: "none",
    assumes:
      "no free tier at all: every item at list price, not even the always-free 100 GB of data transfer out " +
      "(an upper bound that holds for any account)",
    allowances: NONE,
    sources: ["https://aws.amazon.com/free/"],
  },
  "legacy-12-month": {
    mode: "legacy-12-month",
    assumes:
      "an account created before 2025-07-15 and less than 12 months old: per month 750 h of t2.micro/t3.micro " +
      "(no t4g type: the t4g.small trial is not assumed), 30 GB-month of EBS, 750 h of public IPv4, and the " +
      "always-free 100 GB of data transfer out; subtracted from the month of sessions only",
    allowances: {
      instanceHours: 750,
      instanceTypes: ["t2.micro", "t3.micro"],
      ebsGbMonths: 30,
      publicIpv4Hours: 750,
      dataTransferOutGb: 100,
    },
    sources: ["https://aws.amazon.com/free/", "https://aws.amazon.com/ec2/pricing/on-demand/#Data_Transfer"],
  },
  credits: {
    mode: "credits",
    assumes:
      "an account created on or after 2025-07-15: list prices are charged against the sign-up credits ($100 + up " +
      "to $100 earned; free plan at most 6 months); only the always-free 100 GB of data transfer out is " +
      "subtracted. Budgets and T08 use list prices so the lab still fits when the credits end",
    allowances: { ...NONE, dataTransferOutGb: 100 },
    sources: [
      "https://aws.amazon.com/free/",
      "https://aws.amazon.com/blogs/aws/aws-free-tier-update-new-customers-can-get-started-and-explore-aws-with-up-to-200-in-credits/",
    ],
  },
};
