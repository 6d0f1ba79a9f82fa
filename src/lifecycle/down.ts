// `moonlab down`: deletes the stack, then sweeps whatever the lab's tag still marks (instances launched by wake,
// anything a failed delete left behind) and proves that nothing tagged remains, or says exactly what does.

import { DeleteAutoScalingGroupCommand } from "@aws-sdk/client-auto-scaling";
import { DeleteStackCommand } from "@aws-sdk/client-cloudformation";
import {
  DeleteInternetGatewayCommand,
  DeleteLaunchTemplateCommand,
  DeleteNetworkInterfaceCommand,
  DeleteRouteTableCommand,
  DeleteSecurityGroupCommand,
  DeleteSubnetCommand,
  DeleteVpcCommand,
  DescribeInstancesCommand,
  DescribeInternetGatewaysCommand,
  DescribeLaunchTemplatesCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  DetachInternetGatewayCommand,
  DetachNetworkInterfaceCommand,
  DisassociateRouteTableCommand,
  TerminateInstancesCommand,
} from "@aws-sdk/client-ec2";
import { GetResourcesCommand } from "@aws-sdk/client-resource-groups-tagging-api";
import { accountIdFromArn, deleteLabBudget } from "../adapters/aws/billing-budgets.ts";
import { call } from "../adapters/aws/clients.ts";
import { labFilter } from "../adapters/aws/infra.ts";
import { EndpointUnreachableError } from "../errors.ts";
import { LAB_TAG, stackName } from "../render/aws/names.ts";
import { type LifecycleContext, sleepMs } from "./context.ts";
import { bastionGroup, labInstances } from "./nodes.ts";
import { describeStack, waitForStack } from "./stack-state.ts";

export interface DownResult {
  readonly stackStatus: string;
  /** What the sweep deleted after the stack delete. */
  readonly swept: readonly string[];
  /** What still carries the lab's tag (empty = proven clean). */
  readonly remaining: readonly string[];
}

export async function down(ctx: LifecycleContext): Promise<DownResult> {
  const name = stackName(ctx.plan.lab);
  const t = ctx.aws.target;
  // Nodes are launched outside the stack (by wake) and hold ENIs in the subnet: terminate them first.
  const swept: string[] = [];
  const nodes = await labInstances(ctx);
  if (nodes.length > 0) {
    await call(t, "TerminateInstances", () =>
      ctx.aws.ec2.send(new TerminateInstancesCommand({ InstanceIds: nodes.map((i) => i.InstanceId as string) })),
    );
    for (const i of nodes) swept.push(`instance ${i.InstanceId} (terminated)`);
  }
  let stackStatus = "absent";
  const stack = await describeStack(ctx);
  if (ctx.emulator && stack?.StackId) {
    // up created the budget through the API on an emulator (not in the template): delete it the same way.
    const accountId = accountIdFromArn(stack.StackId);
    const endpoint = t.endpointUrl;
    if (accountId && (await deleteLabBudget(ctx.plan, { accountId, ...(endpoint ? { endpointUrl: endpoint } : {}) })))
      swept.push(`budget ${ctx.plan.lab} (deleted through the Budgets API)`);
  }
  if (stack) {
    ctx.log(`deleting stack ${name}`);
    try {
      await call(t, "DeleteStack", () => ctx.aws.cfn.send(new DeleteStackCommand({ StackName: name })));
      stackStatus = await waitForStack(ctx);
    } catch (e) {
      if (e instanceof EndpointUnreachableError) throw e;
      // A failed delete (moto: DependencyViolation on the VPC) leaves resources behind: the sweep takes them.
      stackStatus = `DELETE_FAILED (${e instanceof Error ? e.message : String(e)})`;
    }
    ctx.log(`stack ${name}: ${stackStatus}`);
  }
  swept.push(...(await sweep(ctx)));
  if (stackStatus.startsWith("DELETE_FAILED") && (await describeStack(ctx))) {
    await call(t, "DeleteStack", () => ctx.aws.cfn.send(new DeleteStackCommand({ StackName: name })));
    stackStatus = `${await waitForStack(ctx)} after the sweep`;
  }
  for (const s of swept) ctx.log(`swept ${s}`);
  const remaining = await remainingTagged(ctx);
  return { stackStatus, swept, remaining };
}

async function attempt(ctx: LifecycleContext, what: string, f: () => Promise<unknown>, out: string[]): Promise<void> {
  try {
    await f();
    out.push(what);
  } catch (e) {
    ctx.log(`could not delete ${what}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Deletes tagged leftovers in dependency order: groups, instances, templates, ENIs, SGs, subnets, RTs, IGWs, VPCs. */
/** The bastion group, the lab's instances and its launch templates. */
async function sweepCompute(ctx: LifecycleContext, out: string[]): Promise<void> {
  const { ec2, asg, target: t } = ctx.aws;
  const f = [labFilter(ctx.plan.lab)];
  const g = await bastionGroup(ctx);
  if (g?.AutoScalingGroupName)
    await attempt(
      ctx,
      `auto scaling group ${g.AutoScalingGroupName}`,
      () =>
        call(t, "DeleteAutoScalingGroup", () =>
          asg.send(
            new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: g.AutoScalingGroupName, ForceDelete: true }),
          ),
        ),
      out,
    );
  const live = await labInstances(ctx);
  if (live.length > 0)
    await attempt(
      ctx,
      `instances ${live.map((i) => i.InstanceId).join(", ")}`,
      () =>
        call(t, "TerminateInstances", () =>
          ec2.send(new TerminateInstancesCommand({ InstanceIds: live.map((i) => i.InstanceId as string) })),
        ),
      out,
    );
  for (const lt of (
    await call(t, "DescribeLaunchTemplates", () => ec2.send(new DescribeLaunchTemplatesCommand({ Filters: f })))
  ).LaunchTemplates ?? [])
    await attempt(
      ctx,
      `launch template ${lt.LaunchTemplateName}`,
      () => ec2.send(new DeleteLaunchTemplateCommand({ LaunchTemplateId: lt.LaunchTemplateId })),
      out,
    );
}

/** What lives inside the lab's VPCs: network interfaces, security groups, subnets, route tables. */
async function sweepVpcContents(ctx: LifecycleContext, vpcIds: readonly string[], out: string[]): Promise<void> {
  const { ec2 } = ctx.aws;
  const inVpc = [{ Name: "vpc-id", Values: [...vpcIds] }];
  for (const n of (await ec2.send(new DescribeNetworkInterfacesCommand({ Filters: inVpc }))).NetworkInterfaces ?? []) {
    if (n.Attachment?.AttachmentId)
      await ec2
        .send(new DetachNetworkInterfaceCommand({ AttachmentId: n.Attachment.AttachmentId, Force: true }))
        .catch(() => undefined);
    await attempt(
      ctx,
      `network interface ${n.NetworkInterfaceId}`,
      () => ec2.send(new DeleteNetworkInterfaceCommand({ NetworkInterfaceId: n.NetworkInterfaceId })),
      out,
    );
  }
  for (const sg of (await ec2.send(new DescribeSecurityGroupsCommand({ Filters: inVpc }))).SecurityGroups ?? [])
    if (sg.GroupName !== "default")
      await attempt(
        ctx,
        `security group ${sg.GroupId}`,
        () => ec2.send(new DeleteSecurityGroupCommand({ GroupId: sg.GroupId })),
        out,
      );
  for (const s of (await ec2.send(new DescribeSubnetsCommand({ Filters: inVpc }))).Subnets ?? [])
    await attempt(ctx, `subnet ${s.SubnetId}`, () => ec2.send(new DeleteSubnetCommand({ SubnetId: s.SubnetId })), out);
  for (const rt of (await ec2.send(new DescribeRouteTablesCommand({ Filters: inVpc }))).RouteTables ?? []) {
    if (rt.Associations?.some((a) => a.Main)) continue;
    for (const a of rt.Associations ?? [])
      if (a.RouteTableAssociationId)
        await ec2
          .send(new DisassociateRouteTableCommand({ AssociationId: a.RouteTableAssociationId }))
          .catch(() => undefined);
    await attempt(
      ctx,
      `route table ${rt.RouteTableId}`,
      () => ec2.send(new DeleteRouteTableCommand({ RouteTableId: rt.RouteTableId })),
      out,
    );
  }
}

async function sweep(ctx: LifecycleContext): Promise<string[]> {
  const { ec2, target: t } = ctx.aws;
  const out: string[] = [];
  const f = [labFilter(ctx.plan.lab)];
  await sweepCompute(ctx, out);
  const vpcs = (await call(t, "DescribeVpcs", () => ec2.send(new DescribeVpcsCommand({ Filters: f })))).Vpcs ?? [];
  const vpcIds = vpcs.map((v) => v.VpcId as string);
  if (vpcIds.length > 0) await sweepVpcContents(ctx, vpcIds, out);
  for (const igw of (await ec2.send(new DescribeInternetGatewaysCommand({ Filters: f }))).InternetGateways ?? []) {
    for (const a of igw.Attachments ?? [])
      await ec2
        .send(new DetachInternetGatewayCommand({ InternetGatewayId: igw.InternetGatewayId, VpcId: a.VpcId }))
        .catch(() => undefined);
    await attempt(
      ctx,
      `internet gateway ${igw.InternetGatewayId}`,
      () => ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId: igw.InternetGatewayId })),
      out,
    );
  }
  for (const id of vpcIds) await attempt(ctx, `vpc ${id}`, () => ec2.send(new DeleteVpcCommand({ VpcId: id })), out);
  return out;
}

/** Everything that still carries moonlab:lab=<name>: EC2 by describe, Auto Scaling, and the tagging API. */
export async function remainingTagged(ctx: LifecycleContext): Promise<string[]> {
  const { ec2, tagging, target: t } = ctx.aws;
  const f = [labFilter(ctx.plan.lab)];
  const left = new Set<string>();
  for (let i = 0; i < 10; i++) {
    const alive = (
      (await call(t, "DescribeInstances", () => ec2.send(new DescribeInstancesCommand({ Filters: f })))).Reservations ??
      []
    )
      .flatMap((r) => r.Instances ?? [])
      .filter((x) => x.State?.Name !== "terminated");
    if (alive.length === 0) break;
    if (i === 9) for (const x of alive) left.add(`instance ${x.InstanceId} (${x.State?.Name})`);
    await sleepMs(ctx.pollMs);
  }
  for (const v of (await ec2.send(new DescribeVpcsCommand({ Filters: f }))).Vpcs ?? []) left.add(`vpc ${v.VpcId}`);
  for (const s of (await ec2.send(new DescribeSubnetsCommand({ Filters: f }))).Subnets ?? [])
    left.add(`subnet ${s.SubnetId}`);
  for (const g of (await ec2.send(new DescribeSecurityGroupsCommand({ Filters: f }))).SecurityGroups ?? [])
    left.add(`security group ${g.GroupId}`);
  for (const n of (await ec2.send(new DescribeNetworkInterfacesCommand({ Filters: f }))).NetworkInterfaces ?? [])
    left.add(`network interface ${n.NetworkInterfaceId}`);
  for (const r of (await ec2.send(new DescribeRouteTablesCommand({ Filters: f }))).RouteTables ?? [])
    left.add(`route table ${r.RouteTableId}`);
  for (const g of (await ec2.send(new DescribeInternetGatewaysCommand({ Filters: f }))).InternetGateways ?? [])
    left.add(`internet gateway ${g.InternetGatewayId}`);
  for (const lt of (await ec2.send(new DescribeLaunchTemplatesCommand({ Filters: f }))).LaunchTemplates ?? [])
    left.add(`launch template ${lt.LaunchTemplateName}`);
  const g = await bastionGroup(ctx);
  if (g) left.add(`auto scaling group ${g.AutoScalingGroupName}`);
  const tagged =
    (
      await call(t, "GetResources", () =>
        tagging.send(new GetResourcesCommand({ TagFilters: [{ Key: LAB_TAG, Values: [ctx.plan.lab] }] })),
      )
    ).ResourceTagMappingList ?? [];
  for (const r of tagged) {
    const arn = r.ResourceARN ?? "";
    // Terminated instances keep their tags for a while; they cost nothing and cannot be deleted.
    if (/:instance\/i-/.test(arn)) continue;
    const id = arn.split("/").pop() ?? arn;
    if (![...left].some((l) => l.endsWith(id))) left.add(arn);
  }
  return [...left].sort();
}
