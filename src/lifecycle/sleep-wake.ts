// `moonlab wake` / `moonlab sleep`: now, independent of the schedule. Wake sets the bastion group to 1 and runs
// each node from its launch template (fixed address, boot mode user-data); sleep sets the group to 0 and
// terminates the nodes (nothing of a node is kept at rest: no instance, no volume).
import { SetDesiredCapacityCommand } from "@aws-sdk/client-auto-scaling";
import { RunInstancesCommand, StartInstancesCommand, TerminateInstancesCommand } from "@aws-sdk/client-ec2";
import { call } from "../adapters/aws/clients.ts";
import { guardBudgetBeforeWake } from "../cost-model/budget-guard.ts";
import { LabError } from "../errors.ts";
import type { AwsBillingPort } from "../ports/aws.ts";
import { NODE_TAG, nodeTemplateName } from "../render/aws/names.ts";
import type { LifecycleContext } from "./context.ts";
import { bastionGroup, labInstances, tagOf } from "./nodes.ts";

export interface WakeOptions {
  readonly force?: boolean;
  readonly billing?: AwsBillingPort;
  /** Wake only the bastion (no nodes). */
  readonly bastionOnly?: boolean;
}

export interface SleepWakeResult {
  readonly bastionGroup: string;
  readonly desired: number;
  readonly nodes: readonly { readonly name: string; readonly instance: string; readonly action: string }[];
}

export async function setBastion(ctx: LifecycleContext, desired: number): Promise<string> {
  const g = await bastionGroup(ctx);
  if (!g?.AutoScalingGroupName)
    throw new LabError(`lab ${ctx.plan.lab} has no bastion Auto Scaling group: run \`moonlab up\` first`);
  await call(ctx.aws.target, "SetDesiredCapacity", () =>
    ctx.aws.asg.send(
      new SetDesiredCapacityCommand({ AutoScalingGroupName: g.AutoScalingGroupName, DesiredCapacity: desired }),
    ),
  );
  ctx.log(`bastion group ${g.AutoScalingGroupName}: desired ${desired}`);
  return g.AutoScalingGroupName;
}

export async function wake(ctx: LifecycleContext, o: WakeOptions = {}): Promise<SleepWakeResult> {
  if (o.billing) await guardBudgetBeforeWake(o.billing, ctx.plan, { force: o.force === true });
  else ctx.log("budget guard skipped: no billing access");
  const group = await setBastion(ctx, 1);
  const nodes = o.bastionOnly ? [] : await startNodes(ctx);
  return { bastionGroup: group, desired: 1, nodes };
}

/** Starts (or launches) the plan's nodes, all or the named ones; nodes already pending/running are left alone. */
export async function startNodes(
  ctx: LifecycleContext,
  only?: readonly string[],
): Promise<{ name: string; instance: string; action: string }[]> {
  const nodes: { name: string; instance: string; action: string }[] = [];
  const existing = await labInstances(ctx, "node");
  for (const n of ctx.plan.nodes.filter((x) => only === undefined || only.includes(x.name))) {
    const mine = existing.find((i) => tagOf(i, NODE_TAG) === n.name);
    if (mine?.State?.Name === "stopped") {
      await call(ctx.aws.target, "StartInstances", () =>
        ctx.aws.ec2.send(new StartInstancesCommand({ InstanceIds: [mine.InstanceId as string] })),
      );
      nodes.push({ name: n.name, instance: mine.InstanceId as string, action: "started" });
    } else if (mine) {
      nodes.push({ name: n.name, instance: mine.InstanceId as string, action: `already ${mine.State?.Name}` });
    } else {
      const r = await call(ctx.aws.target, "RunInstances", () =>
        ctx.aws.ec2.send(
          new RunInstancesCommand({
            LaunchTemplate: { LaunchTemplateName: nodeTemplateName(ctx.plan.lab, n.name), Version: "$Latest" },
            MinCount: 1,
            MaxCount: 1,
          }),
        ),
      );
      nodes.push({ name: n.name, instance: r.Instances?.[0]?.InstanceId ?? "?", action: "launched" });
    }
    const last = nodes[nodes.length - 1];
    ctx.log(`node ${n.name} ${n.address} (${n.purchase}): ${last?.action} ${last?.instance}`);
  }
  return nodes;
}

export async function sleep(ctx: LifecycleContext): Promise<SleepWakeResult> {
  const group = await setBastion(ctx, 0);
  const running = await labInstances(ctx, "node");
  const nodes = running.map((i) => ({
    name: tagOf(i, NODE_TAG) ?? "?",
    instance: i.InstanceId as string,
    action: "terminated",
  }));
  if (running.length > 0)
    await call(ctx.aws.target, "TerminateInstances", () =>
      ctx.aws.ec2.send(new TerminateInstancesCommand({ InstanceIds: running.map((i) => i.InstanceId as string) })),
    );
  for (const n of nodes) ctx.log(`node ${n.name}: terminated ${n.instance}`);
  return { bastionGroup: group, desired: 0, nodes };
}
