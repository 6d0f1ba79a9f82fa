// Reading and waiting on the lab's CloudFormation stack.
import {
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  type Stack,
  type StackEvent,
} from "@aws-sdk/client-cloudformation";
import { call } from "../adapters/aws/clients.ts";
import { LabError } from "../errors.ts";
import { stackName } from "../render/aws/names.ts";
import { type LifecycleContext, sleepMs } from "./context.ts";

export async function describeStack(ctx: LifecycleContext): Promise<Stack | undefined> {
  const name = stackName(ctx.plan.lab);
  try {
    const r = await call(ctx.aws.target, "DescribeStacks", () =>
      ctx.aws.cfn.send(new DescribeStacksCommand({ StackName: name })),
    );
    const s = r.Stacks?.[0];
    return s?.StackStatus === "DELETE_COMPLETE" ? undefined : s;
  } catch (e) {
    if (e instanceof Error && /does not exist/i.test(e.message)) return undefined;
    throw e;
  }
}

const DONE = /(_COMPLETE|_FAILED)$/;

/** Waits until the stack leaves *_IN_PROGRESS, logging new events; returns the final status. */
export async function waitForStack(ctx: LifecycleContext, timeoutMs = 60 * 60 * 1000): Promise<string> {
  const seen = new Set<string>();
  const start = Date.now();
  for (;;) {
    await logEvents(ctx, seen);
    const s = await describeStack(ctx);
    if (!s) return "DELETE_COMPLETE";
    const status = s.StackStatus ?? "UNKNOWN";
    if (DONE.test(status) && !status.endsWith("_IN_PROGRESS")) {
      await logEvents(ctx, seen);
      return status;
    }
    if (Date.now() - start > timeoutMs)
      throw new LabError(`stack ${s.StackName} still ${status} after ${Math.round(timeoutMs / 60000)} minutes`);
    await sleepMs(ctx.pollMs);
  }
}

async function logEvents(ctx: LifecycleContext, seen: Set<string>): Promise<void> {
  let events: StackEvent[] = [];
  try {
    events =
      (
        await call(ctx.aws.target, "DescribeStackEvents", () =>
          ctx.aws.cfn.send(new DescribeStackEventsCommand({ StackName: stackName(ctx.plan.lab) })),
        )
      ).StackEvents ?? [];
  } catch (e) {
    if (e instanceof Error && /does not exist/i.test(e.message)) return;
    throw e;
  }
  for (const ev of [...events].reverse()) {
    const id = ev.EventId ?? `${ev.LogicalResourceId}${ev.ResourceStatus}${String(ev.Timestamp)}`;
    if (seen.has(id)) continue;
    seen.add(id);
    ctx.log(
      `  ${ev.ResourceStatus ?? ""} ${ev.ResourceType ?? ""} ${ev.LogicalResourceId ?? ""}${ev.ResourceStatusReason ? ` (${ev.ResourceStatusReason})` : ""}`,
    );
  }
}
