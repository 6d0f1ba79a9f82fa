// The real AwsInfraPort: reads the lab (everything tagged moonlab:lab=<name>, and what lives in its VPC) from the
// EC2 and Auto Scaling APIs into the LiveLab shape the checks judge.
import {
  type AutoScalingGroup,
  DescribeAutoScalingGroupsCommand,
  DescribeScheduledActionsCommand,
} from "@aws-sdk/client-auto-scaling";
import {
  DescribeInstancesCommand,
  DescribeInternetGatewaysCommand,
  DescribeLaunchTemplatesCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeNatGatewaysCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  type Filter,
  type IpPermission,
  type Tag,
} from "@aws-sdk/client-ec2";
import type { AwsInfraPort, LiveLab, LiveRule } from "../../ports/aws.ts";
import { EMULATOR_DIFFERENCES, EMULATOR_GAPS, EMULATOR_NAME } from "../../render/aws/emulator-profile.ts";
import { LAB_TAG } from "../../render/aws/names.ts";
import { type AwsClients, call } from "./clients.ts";

export function tagMap(tags: readonly Tag[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of tags ?? []) if (t.Key !== undefined) out[t.Key] = t.Value ?? "";
  return out;
}

export function labFilter(lab: string): Filter {
  return { Name: `tag:${LAB_TAG}`, Values: [lab] };
}

function rules(perms: readonly IpPermission[] | undefined): LiveRule[] {
  const out: LiveRule[] = [];
  for (const p of perms ?? []) {
    const base = {
      protocol: p.IpProtocol ?? "-1",
      ...(p.FromPort !== undefined && p.FromPort !== -1 ? { fromPort: p.FromPort } : {}),
      ...(p.ToPort !== undefined && p.ToPort !== -1 ? { toPort: p.ToPort } : {}),
    };
    for (const r of p.IpRanges ?? [])
      out.push({ ...base, source: r.CidrIp ?? "", ...(r.Description ? { description: r.Description } : {}) });
    for (const r of p.Ipv6Ranges ?? [])
      out.push({ ...base, source: r.CidrIpv6 ?? "", ...(r.Description ? { description: r.Description } : {}) });
    for (const r of p.UserIdGroupPairs ?? []) out.push({ ...base, source: `sg:${r.GroupId}` });
    for (const r of p.PrefixListIds ?? []) out.push({ ...base, source: `pl:${r.PrefixListId}` });
  }
  return out;
}

export interface InfraOptions {
  /** The endpoint is an emulator (moto): checks skip what it cannot model. */
  readonly emulator: boolean;
}

export class AwsInfraAdapter implements AwsInfraPort {
  readonly #c: AwsClients;
  readonly #emulator: boolean;
  constructor(clients: AwsClients, options: InfraOptions) {
    this.#c = clients;
    this.#emulator = options.emulator;
  }

  async describeLab(lab: string): Promise<LiveLab> {
    const { ec2, target } = this.#c;
    const t = target;
    const vpcs =
      (await call(t, "DescribeVpcs", () => ec2.send(new DescribeVpcsCommand({ Filters: [labFilter(lab)] })))).Vpcs ??
      [];
    const vpcIds = vpcs.map((v) => v.VpcId as string);
    const inVpc: Filter[] = [{ Name: "vpc-id", Values: vpcIds }];
    const none = vpcIds.length === 0;
    const [subnets, rts, sgs, nats, igws, enis] = none
      ? [[], [], [], [], [], []]
      : await Promise.all([
          call(t, "DescribeSubnets", () => ec2.send(new DescribeSubnetsCommand({ Filters: inVpc }))).then(
            (r) => r.Subnets ?? [],
          ),
          call(t, "DescribeRouteTables", () => ec2.send(new DescribeRouteTablesCommand({ Filters: inVpc }))).then(
            (r) => r.RouteTables ?? [],
          ),
          call(t, "DescribeSecurityGroups", () => ec2.send(new DescribeSecurityGroupsCommand({ Filters: inVpc }))).then(
            (r) => r.SecurityGroups ?? [],
          ),
          call(t, "DescribeNatGateways", () =>
            ec2.send(new DescribeNatGatewaysCommand({ Filter: [{ Name: "vpc-id", Values: vpcIds }] })),
          ).then((r) => (r.NatGateways ?? []).filter((n) => n.State !== "deleted")),
          call(t, "DescribeInternetGateways", () =>
            ec2.send(new DescribeInternetGatewaysCommand({ Filters: [{ Name: "attachment.vpc-id", Values: vpcIds }] })),
          ).then((r) => r.InternetGateways ?? []),
          call(t, "DescribeNetworkInterfaces", () =>
            ec2.send(new DescribeNetworkInterfacesCommand({ Filters: inVpc })),
          ).then((r) => r.NetworkInterfaces ?? []),
        ]);
    const reservations =
      (
        await call(t, "DescribeInstances", () =>
          ec2.send(new DescribeInstancesCommand({ Filters: [labFilter(lab)], MaxResults: 1000 })),
        )
      ).Reservations ?? [];
    const instances = reservations.flatMap((r) => r.Instances ?? []);
    const groups = await this.#groups(lab);
    const templates = await this.#launchTemplates(lab);
    return {
      region: target.region,
      source: "api",
      ...(this.#emulator
        ? {
            emulator: {
              name: EMULATOR_NAME,
              differences: [...EMULATOR_DIFFERENCES, ...EMULATOR_GAPS].map((d) => d.key),
            },
          }
        : {}),
      vpcs: vpcs.map((v) => ({
        id: v.VpcId as string,
        cidr: v.CidrBlock ?? "",
        ipv6Cidrs: (v.Ipv6CidrBlockAssociationSet ?? [])
          .filter((a) => a.Ipv6CidrBlockState?.State === "associated")
          .map((a) => a.Ipv6CidrBlock ?? ""),
        tags: tagMap(v.Tags),
      })),
      subnets: subnets.map((s) => ({
        id: s.SubnetId as string,
        vpcId: s.VpcId as string,
        cidr: s.CidrBlock ?? "",
        ipv6Cidrs: (s.Ipv6CidrBlockAssociationSet ?? [])
          .filter((a) => a.Ipv6CidrBlockState?.State === "associated")
          .map((a) => a.Ipv6CidrBlock ?? ""),
        mapPublicIpOnLaunch: s.MapPublicIpOnLaunch === true,
        tags: tagMap(s.Tags),
      })),
      natGateways: nats.map((n) => ({ id: n.NatGatewayId as string, ...(n.VpcId ? { vpcId: n.VpcId } : {}) })),
      internetGateways: igws.map((g) => ({
        id: g.InternetGatewayId as string,
        vpcIds: (g.Attachments ?? []).map((a) => a.VpcId as string),
      })),
      routeTables: rts.map((rt) => ({
        id: rt.RouteTableId as string,
        vpcId: rt.VpcId as string,
        subnetIds: (rt.Associations ?? []).filter((a) => a.SubnetId).map((a) => a.SubnetId as string),
        routes: (rt.Routes ?? []).map((r) => ({
          destination: r.DestinationCidrBlock ?? r.DestinationIpv6CidrBlock ?? r.DestinationPrefixListId ?? "",
          target:
            r.GatewayId ??
            (r.NatGatewayId
              ? `nat:${r.NatGatewayId}`
              : r.NetworkInterfaceId
                ? `eni:${r.NetworkInterfaceId}`
                : r.InstanceId
                  ? `instance:${r.InstanceId}`
                  : r.VpcPeeringConnectionId
                    ? `peering:${r.VpcPeeringConnectionId}`
                    : r.TransitGatewayId
                      ? `tgw:${r.TransitGatewayId}`
                      : "other:unknown"),
        })),
      })),
      securityGroups: sgs.map((g) => ({
        id: g.GroupId as string,
        name: g.GroupName ?? "",
        vpcId: g.VpcId ?? "",
        isDefault: g.GroupName === "default",
        tags: tagMap(g.Tags),
        ingress: rules(g.IpPermissions),
        egress: rules(g.IpPermissionsEgress),
      })),
      instances: instances.map((i) => {
        const tags = tagMap(i.Tags);
        return {
          id: i.InstanceId as string,
          ...(tags.Name ? { name: tags.Name } : {}),
          state: i.State?.Name ?? "unknown",
          privateIps: (i.NetworkInterfaces ?? []).flatMap((n) =>
            (n.PrivateIpAddresses ?? []).map((a) => a.PrivateIpAddress as string),
          ),
          ...(i.PublicIpAddress ? { publicIp: i.PublicIpAddress } : {}),
          lifecycle: i.InstanceLifecycle === "spot" ? "spot" : "on-demand",
          tags,
        };
      }),
      networkInterfaces: enis.map((n) => ({
        id: n.NetworkInterfaceId as string,
        subnetId: n.SubnetId ?? "",
        privateIp: n.PrivateIpAddress ?? "",
        ...(n.Attachment?.InstanceId ? { attachedTo: n.Attachment.InstanceId } : {}),
        ...(typeof n.SourceDestCheck === "boolean" ? { sourceDestCheck: n.SourceDestCheck } : {}),
        securityGroups: (n.Groups ?? []).flatMap((g) => (g.GroupId ? [g.GroupId] : [])),
        tags: tagMap(n.TagSet),
      })),
      autoScalingGroups: groups,
      launchTemplates: templates,
    };
  }

  async #groups(lab: string): Promise<LiveLab["autoScalingGroups"]> {
    const { asg, target } = this.#c;
    const all: AutoScalingGroup[] =
      (
        await call(target, "DescribeAutoScalingGroups", () =>
          asg.send(new DescribeAutoScalingGroupsCommand({ Filters: [{ Name: `tag:${LAB_TAG}`, Values: [lab] }] })),
        )
      ).AutoScalingGroups ?? [];
    // Some emulators ignore the tag filter: keep only the lab's groups.
    const mine = all.filter((g) => (g.Tags ?? []).some((t) => t.Key === LAB_TAG && t.Value === lab));
    return Promise.all(
      mine.map(async (g) => {
        const name = g.AutoScalingGroupName as string;
        const actions =
          (
            await call(target, "DescribeScheduledActions", () =>
              asg.send(new DescribeScheduledActionsCommand({ AutoScalingGroupName: name })),
            )
          ).ScheduledUpdateGroupActions ?? [];
        const tags: Record<string, string> = {};
        for (const t of g.Tags ?? []) if (t.Key) tags[t.Key] = t.Value ?? "";
        return {
          name,
          min: g.MinSize ?? 0,
          max: g.MaxSize ?? 0,
          desired: g.DesiredCapacity ?? 0,
          ...(g.LaunchTemplate?.LaunchTemplateId
            ? { launchTemplate: g.LaunchTemplate.LaunchTemplateId }
            : g.LaunchTemplate?.LaunchTemplateName
              ? { launchTemplate: g.LaunchTemplate.LaunchTemplateName }
              : {}),
          tags,
          scheduledActions: actions.map((a) => ({
            name: a.ScheduledActionName ?? "",
            ...(a.Recurrence ? { recurrence: a.Recurrence } : {}),
            ...(a.TimeZone ? { timeZone: a.TimeZone } : {}),
            ...(a.DesiredCapacity !== undefined ? { desired: a.DesiredCapacity } : {}),
            ...(a.MinSize !== undefined ? { min: a.MinSize } : {}),
            ...(a.MaxSize !== undefined ? { max: a.MaxSize } : {}),
          })),
        };
      }),
    );
  }

  async #launchTemplates(lab: string): Promise<LiveLab["launchTemplates"]> {
    const { ec2, target } = this.#c;
    const lts =
      (
        await call(target, "DescribeLaunchTemplates", () =>
          ec2.send(new DescribeLaunchTemplatesCommand({ Filters: [labFilter(lab)] })),
        )
      ).LaunchTemplates ?? [];
    return Promise.all(
      lts.map(async (lt) => {
        const v =
          (
            await call(target, "DescribeLaunchTemplateVersions", () =>
              ec2.send(
                new DescribeLaunchTemplateVersionsCommand({
                  LaunchTemplateId: lt.LaunchTemplateId,
                  Versions: ["$Latest"],
                }),
              ),
            )
          ).LaunchTemplateVersions?.[0]?.LaunchTemplateData ?? {};
        const nic = v.NetworkInterfaces?.[0];
        return {
          id: lt.LaunchTemplateId as string,
          name: lt.LaunchTemplateName ?? "",
          ...(v.InstanceType ? { instanceType: v.InstanceType } : {}),
          ...(v.MetadataOptions?.HttpTokens ? { httpTokens: v.MetadataOptions.HttpTokens } : {}),
          volumes: (v.BlockDeviceMappings ?? []).map((b) => ({
            device: b.DeviceName ?? "",
            encrypted: b.Ebs?.Encrypted === true,
            ...(b.Ebs?.VolumeType ? { type: b.Ebs.VolumeType } : {}),
            ...(b.Ebs?.VolumeSize !== undefined ? { sizeGb: b.Ebs.VolumeSize } : {}),
          })),
          ...(nic?.AssociatePublicIpAddress !== undefined ? { associatePublicIp: nic.AssociatePublicIpAddress } : {}),
          ...(nic?.PrivateIpAddress ? { privateIp: nic.PrivateIpAddress } : {}),
          ...(nic?.Ipv6AddressCount !== undefined ? { ipv6AddressCount: nic.Ipv6AddressCount } : {}),
          ...(v.InstanceMarketOptions?.MarketType ? { marketType: v.InstanceMarketOptions.MarketType } : {}),
          tags: tagMap(lt.Tags),
        };
      }),
    );
  }
}
