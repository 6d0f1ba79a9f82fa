// What every aspect of the stack shares: the CDK stack, the plan, the emulator profile and the tagging rule.
import type { CfnTag, Stack } from "aws-cdk-lib";
import type { Plan } from "../../../plan/types.ts";
import type { Profile } from "../emulator-profile.ts";
import { ROLE_TAG } from "../names.ts";

export interface StackContext {
  readonly stack: Stack;
  readonly plan: Plan;
  /** What the target can evaluate: real AWS, or the emulator's subset (docs/aws.md). */
  readonly profile: Profile;
}

/** The lab's tags plus the role (and extras), sorted by key so the template is byte-stable. */
export function tagsOf(plan: Plan, role: string, extra: Record<string, string> = {}): CfnTag[] {
  const all: Record<string, string> = { ...plan.tags, [ROLE_TAG]: role, ...extra };
  return Object.keys(all)
    .sort()
    .map((key) => ({ key, value: all[key] as string }));
}

/** IMDSv2 required, one hop: shared by the bastion's and every node's launch template. */
export const HARDENED_METADATA = {
  httpTokens: "required",
  httpEndpoint: "enabled",
  httpPutResponseHopLimit: 1,
} as const;
