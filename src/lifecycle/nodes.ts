// The lab's running pieces: the bastion's Auto Scaling group and the node instances, found by their tags.
import { type AutoScalingGroup, DescribeAutoScalingGroupsCommand } from "@aws-sdk/client-auto-scaling";
import { DescribeInstancesCommand, type Instance } from "@aws-sdk/client-ec2";
import { call } from "../adapters/aws/clients.ts";
import { labFilter } from "../adapters/aws/infra.ts";
import { LAB_TAG, ROLE_TAG } from "../render/aws/names.ts";
import type { LifecycleContext } from "./context.ts";

export async function bastionGroup(ctx: LifecycleContext): Promise<AutoScalingGroup | undefined> {
  const groups =
    (
      await call(ctx.aws.target, "DescribeAutoScalingGroups", () =>
        ctx.aws.asg.send(
          new DescribeAutoScalingGroupsCommand({ Filters: [{ Name: `tag:${LAB_TAG}`, Values: [ctx.plan.lab] }] }),
        ),
      )
    ).AutoScalingGroups ?? [];
  const tag = (g: AutoScalingGroup, k: string) => g.Tags?.find((t) => t.Key === k)?.Value;
  return groups.find((g) => tag(g, LAB_TAG) === ctx.plan.lab && tag(g, ROLE_TAG) === "bastion");
}

/** Lab instances (any role) that are not terminated. */
export async function labInstances(ctx: LifecycleContext, role?: string): Promise<Instance[]> {
  const r = await call(ctx.aws.target, "DescribeInstances", () =>
    ctx.aws.ec2.send(
      new DescribeInstancesCommand({
        Filters: [
          labFilter(ctx.plan.lab),
          ...(role ? [{ Name: `tag:${ROLE_TAG}`, Values: [role] }] : []),
          { Name: "instance-state-name", Values: ["pending", "running", "stopping", "stopped"] },
        ],
      }),
    ),
  );
  return (r.Reservations ?? []).flatMap((x) => x.Instances ?? []);
}

export const tagOf = (i: Instance, k: string): string | undefined => i.Tags?.find((t) => t.Key === k)?.Value;
