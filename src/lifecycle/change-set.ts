// Change sets for the lab stack: named after the content they apply, so an interrupted `up` finds and resumes
// its own change set instead of creating a second one.
import { createHash } from "node:crypto";
import {
  type Change,
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DescribeChangeSetCommand,
  type DescribeChangeSetCommandOutput,
} from "@aws-sdk/client-cloudformation";
import { call } from "../adapters/aws/clients.ts";
import { LabError } from "../errors.ts";
import { ID, LAB_TAG, stackName } from "../render/aws/names.ts";
import { type LifecycleContext, sleepMs } from "./context.ts";
import { describeStack } from "./stack-state.ts";

export interface ChangeSetResult {
  readonly name: string;
  /** false when CloudFormation found nothing to change. */
  readonly hasChanges: boolean;
  readonly changes: readonly Change[];
  readonly type: "CREATE" | "UPDATE";
}

export function changeSetName(template: string, parameters: Record<string, string>): string {
  const h = createHash("sha256")
    .update(template)
    .update(JSON.stringify(Object.entries(parameters).sort()))
    .digest("hex");
  return `moonlab-${h.slice(0, 16)}`;
}

const NO_CHANGES = /didn't contain changes|No updates are to be performed|no changes/i;

async function describe(ctx: LifecycleContext, name: string): Promise<DescribeChangeSetCommandOutput | undefined> {
  try {
    return await call(ctx.aws.target, "DescribeChangeSet", () =>
      ctx.aws.cfn.send(new DescribeChangeSetCommand({ StackName: stackName(ctx.plan.lab), ChangeSetName: name })),
    );
  } catch (e) {
    if (e instanceof Error && /does not exist|not found/i.test(e.message)) return undefined;
    throw e;
  }
}

/** Creates (or finds) the change set for this template and waits until it is ready or has no changes. */
export async function prepareChangeSet(
  ctx: LifecycleContext,
  template: string,
  parameters: Record<string, string>,
): Promise<ChangeSetResult> {
  const stack = await describeStack(ctx);
  const type: "CREATE" | "UPDATE" = !stack || stack.StackStatus === "REVIEW_IN_PROGRESS" ? "CREATE" : "UPDATE";
  const name = changeSetName(template, parameters);
  let cs = await describe(ctx, name);
  if (cs && (cs.Status === "FAILED" || cs.ExecutionStatus === "OBSOLETE") && !NO_CHANGES.test(cs.StatusReason ?? "")) {
    await deleteChangeSet(ctx, name);
    cs = undefined;
  }
  // Already executed (AWS deletes executed change sets, an emulator may keep them): nothing left to apply.
  if (cs?.ExecutionStatus === "EXECUTE_COMPLETE") return { name, hasChanges: false, changes: [], type };
  if (cs) ctx.log(`resuming change set ${name} (${cs.Status})`);
  else {
    ctx.log(`creating change set ${name} (${type})`);
    await call(ctx.aws.target, "CreateChangeSet", () =>
      ctx.aws.cfn.send(
        new CreateChangeSetCommand({
          StackName: stackName(ctx.plan.lab),
          ChangeSetName: name,
          ChangeSetType: type,
          TemplateBody: template,
          Parameters: Object.entries(parameters).map(([ParameterKey, ParameterValue]) => ({
            ParameterKey,
            ParameterValue,
          })),
          Capabilities: ["CAPABILITY_IAM"],
          Tags: Object.entries(ctx.plan.tags).map(([Key, Value]) => ({ Key, Value })),
          Description: `moonlab up ${ctx.plan.lab}`,
        }),
      ),
    );
  }
  for (;;) {
    cs = await describe(ctx, name);
    if (!cs) throw new LabError(`change set ${name} disappeared while waiting for it`);
    if (cs.Status === "CREATE_COMPLETE") break;
    if (cs.Status === "FAILED") {
      if (NO_CHANGES.test(cs.StatusReason ?? "")) return { name, hasChanges: false, changes: [], type };
      throw new LabError(`change set ${name} failed: ${cs.StatusReason ?? "no reason given"}`);
    }
    await sleepMs(ctx.pollMs);
  }
  return { name, hasChanges: true, changes: cs.Changes ?? [], type };
}

export async function deleteChangeSet(ctx: LifecycleContext, name: string): Promise<void> {
  await call(ctx.aws.target, "DeleteChangeSet", () =>
    ctx.aws.cfn.send(new DeleteChangeSetCommand({ StackName: stackName(ctx.plan.lab), ChangeSetName: name })),
  );
}

/** One printable line per change: action, type, logical id, replacement. */
export function changeLines(changes: readonly Change[]): string[] {
  return changes.map((c) => {
    const r = c.ResourceChange;
    const repl =
      r?.Replacement === "True" ? " (replacement)" : r?.Replacement === "Conditional" ? " (may replace)" : "";
    return `${(r?.Action ?? "?").padEnd(6)} ${r?.ResourceType ?? ""} ${r?.LogicalResourceId ?? ""}${repl}`;
  });
}

export const PARAM = { nodeAmi: ID.nodeAmi } as const;
export { LAB_TAG };
