// Reads the synthesized template into the LiveLab shape the AWS checks judge, so that plan mode and live mode run
// the same predicate. Ids are logical ids; a Ref or GetAtt becomes the logical id it names; an intrinsic that only
// AWS can evaluate (the subnet's Fn::Cidr of the VPC's IPv6 block) becomes a readable placeholder.

import type { ArtifactTree } from "../../artifacts/tree.ts";
import type { Plan } from "../../plan/types.ts";
import type { LiveLab, LiveRule, LiveVolume } from "../../ports/aws.ts";
import { EMULATOR_NAME } from "./emulator-profile.ts";
import { TEMPLATE_PATH } from "./paths.ts";

type Props = Record<string, unknown>;
interface Resource {
  readonly Type: string;
  readonly Properties?: Props;
}
interface Template {
  readonly Metadata?: { moonlab?: { profile?: string; differences?: string[] } };
  readonly Resources?: Record<string, Resource>;
}

/** The logical id a Ref/GetAtt names, the string itself, or a placeholder for another intrinsic. */
export function refOf(v: unknown): string {
  if (typeof v === "string") return v;
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (typeof o.Ref === "string") return o.Ref;
    if (Array.isArray(o["Fn::GetAtt"])) return String(o["Fn::GetAtt"][0]);
    if ("Fn::Select" in o && JSON.stringify(o).includes("Ipv6CidrBlocks"))
      return "<a /64 of the VPC's Amazon IPv6 /56>";
  }
  return `<${JSON.stringify(v)}>`;
}

function tagsOf(p: Props | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of (p?.Tags as { Key: string; Value: string }[] | undefined) ?? []) out[t.Key] = String(t.Value);
  return out;
}

function num(v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  const n = Number(v);
  return Number.isNaN(n) ? undefined : n;
}

function rule(r: Props): LiveRule {
  const source =
    (r.CidrIp as string | undefined) ??
    (r.CidrIpv6 as string | undefined) ??
    (r.SourceSecurityGroupId !== undefined ? `sg:${refOf(r.SourceSecurityGroupId)}` : undefined) ??
    (r.DestinationSecurityGroupId !== undefined ? `sg:${refOf(r.DestinationSecurityGroupId)}` : undefined) ??
    (r.SourcePrefixListId !== undefined ? `pl:${refOf(r.SourcePrefixListId)}` : undefined) ??
    (r.CidrIpv6 as string | undefined) ??
    "<unknown>";
  const fromPort = num(r.FromPort);
  const toPort = num(r.ToPort);
  return {
    protocol: String(r.IpProtocol),
    ...(fromPort !== undefined ? { fromPort } : {}),
    ...(toPort !== undefined ? { toPort } : {}),
    source,
    ...(typeof r.Description === "string" ? { description: r.Description } : {}),
  };
}

/** Template tags of a launch-template resource type inside LaunchTemplateData.TagSpecifications. */
function specTags(specs: unknown, type: string): Record<string, string> {
  for (const s of (specs as { ResourceType: string; Tags: unknown }[] | undefined) ?? [])
    if (s.ResourceType === type) return tagsOf({ Tags: s.Tags });
  return {};
}

export function factsFromTemplate(template: unknown, plan: Plan): LiveLab {
  const t = template as Template;
  const res = Object.entries(t.Resources ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
  const of = (type: string) =>
    res.filter(([, r]) => r.Type === type).map(([id, r]) => [id, r.Properties ?? {}] as const);
  const md = t.Metadata?.moonlab;

  const ipv6ByVpc = new Map<string, string[]>();
  for (const [, p] of of("AWS::EC2::VPCCidrBlock"))
    if (p.AmazonProvidedIpv6CidrBlock === true)
      ipv6ByVpc.set(refOf(p.VpcId), [...(ipv6ByVpc.get(refOf(p.VpcId)) ?? []), "<Amazon-provided IPv6 /56>"]);
  if (md?.profile === "emulator" && md.differences === undefined)
    throw new Error("emulator template without differences");

  const extraIngress = new Map<string, LiveRule[]>();
  for (const [, p] of of("AWS::EC2::SecurityGroupIngress")) {
    const g = refOf(p.GroupId);
    extraIngress.set(g, [...(extraIngress.get(g) ?? []), rule(p)]);
  }
  const extraEgress = new Map<string, LiveRule[]>();
  for (const [, p] of of("AWS::EC2::SecurityGroupEgress")) {
    const g = refOf(p.GroupId);
    extraEgress.set(g, [...(extraEgress.get(g) ?? []), rule(p)]);
  }
  const igwVpcs = new Map<string, string[]>();
  for (const [, p] of of("AWS::EC2::VPCGatewayAttachment"))
    if (p.InternetGatewayId !== undefined)
      igwVpcs.set(refOf(p.InternetGatewayId), [...(igwVpcs.get(refOf(p.InternetGatewayId)) ?? []), refOf(p.VpcId)]);
  const rtSubnets = new Map<string, string[]>();
  for (const [, p] of of("AWS::EC2::SubnetRouteTableAssociation"))
    rtSubnets.set(refOf(p.RouteTableId), [...(rtSubnets.get(refOf(p.RouteTableId)) ?? []), refOf(p.SubnetId)]);
  const routes = new Map<string, { destination: string; target: string }[]>();
  for (const [, p] of of("AWS::EC2::Route")) {
    const rt = refOf(p.RouteTableId);
    const destination = String(p.DestinationCidrBlock ?? p.DestinationIpv6CidrBlock ?? "<prefix list>");
    const target =
      p.GatewayId !== undefined
        ? refOf(p.GatewayId)
        : p.NatGatewayId !== undefined
          ? `nat:${refOf(p.NatGatewayId)}`
          : p.NetworkInterfaceId !== undefined
            ? `eni:${refOf(p.NetworkInterfaceId)}`
            : p.InstanceId !== undefined
              ? `instance:${refOf(p.InstanceId)}`
              : `other:${JSON.stringify(p)}`;
    routes.set(rt, [...(routes.get(rt) ?? []), { destination, target }]);
  }
  const actions = new Map<string, LiveLab["autoScalingGroups"][number]["scheduledActions"][number][]>();
  for (const [id, p] of of("AWS::AutoScaling::ScheduledAction")) {
    const g = refOf(p.AutoScalingGroupName);
    const desired = num(p.DesiredCapacity);
    const min = num(p.MinSize);
    const max = num(p.MaxSize);
    actions.set(g, [
      ...(actions.get(g) ?? []),
      {
        name: id,
        ...(typeof p.Recurrence === "string" ? { recurrence: p.Recurrence } : {}),
        ...(typeof p.TimeZone === "string" ? { timeZone: p.TimeZone } : {}),
        ...(desired !== undefined ? { desired } : {}),
        ...(min !== undefined ? { min } : {}),
        ...(max !== undefined ? { max } : {}),
      },
    ]);
  }

  return {
    region: plan.region,
    source: "template",
    ...(md?.profile === "emulator" ? { emulator: { name: EMULATOR_NAME, differences: md.differences ?? [] } } : {}),
    vpcs: of("AWS::EC2::VPC").map(([id, p]) => ({
      id,
      cidr: String(p.CidrBlock),
      ipv6Cidrs: ipv6ByVpc.get(id) ?? [],
      tags: tagsOf(p),
    })),
    subnets: of("AWS::EC2::Subnet").map(([id, p]) => ({
      id,
      vpcId: refOf(p.VpcId),
      cidr: String(p.CidrBlock),
      ipv6Cidrs: p.Ipv6CidrBlock !== undefined ? [refOf(p.Ipv6CidrBlock)] : [],
      mapPublicIpOnLaunch: p.MapPublicIpOnLaunch === true,
      tags: tagsOf(p),
    })),
    natGateways: of("AWS::EC2::NatGateway").map(([id, p]) => ({ id, vpcId: refOf(p.SubnetId) })),
    internetGateways: of("AWS::EC2::InternetGateway").map(([id]) => ({ id, vpcIds: igwVpcs.get(id) ?? [] })),
    routeTables: of("AWS::EC2::RouteTable").map(([id, p]) => ({
      id,
      vpcId: refOf(p.VpcId),
      subnetIds: rtSubnets.get(id) ?? [],
      routes: routes.get(id) ?? [],
    })),
    securityGroups: of("AWS::EC2::SecurityGroup").map(([id, p]) => ({
      id,
      name: String(p.GroupName ?? id),
      vpcId: refOf(p.VpcId),
      isDefault: false,
      tags: tagsOf(p),
      ingress: [...((p.SecurityGroupIngress as Props[] | undefined) ?? []).map(rule), ...(extraIngress.get(id) ?? [])],
      egress: [...((p.SecurityGroupEgress as Props[] | undefined) ?? []).map(rule), ...(extraEgress.get(id) ?? [])],
    })),
    instances: of("AWS::EC2::Instance").map(([id, p]) => ({
      id,
      state: "template",
      privateIps: p.PrivateIpAddress !== undefined ? [String(p.PrivateIpAddress)] : [],
      lifecycle: "on-demand",
      tags: tagsOf(p),
    })),
    networkInterfaces: of("AWS::EC2::NetworkInterface").map(([id, p]) => ({
      id,
      subnetId: refOf(p.SubnetId),
      privateIp: String(p.PrivateIpAddress ?? ""),
      sourceDestCheck: p.SourceDestCheck !== false,
      securityGroups: ((p.GroupSet as unknown[] | undefined) ?? []).map(refOf),
      tags: tagsOf(p),
    })),
    autoScalingGroups: of("AWS::AutoScaling::AutoScalingGroup").map(([id, p]) => {
      const desired = num(p.DesiredCapacity);
      const lt = p.LaunchTemplate as Props | undefined;
      const tags: Record<string, string> = {};
      for (const tg of (p.Tags as { Key: string; Value: string }[] | undefined) ?? []) tags[tg.Key] = tg.Value;
      return {
        name: id,
        min: num(p.MinSize) ?? 0,
        max: num(p.MaxSize) ?? 0,
        ...(desired !== undefined ? { desired } : {}),
        ...(lt?.LaunchTemplateId !== undefined ? { launchTemplate: refOf(lt.LaunchTemplateId) } : {}),
        tags,
        scheduledActions: actions.get(id) ?? [],
      };
    }),
    launchTemplates: of("AWS::EC2::LaunchTemplate").map(([id, p]) => {
      const d = (p.LaunchTemplateData as Props | undefined) ?? {};
      const nic = ((d.NetworkInterfaces as Props[] | undefined) ?? [])[0];
      const md2 = d.MetadataOptions as Props | undefined;
      const market = d.InstanceMarketOptions as Props | undefined;
      const volumes: LiveVolume[] = ((d.BlockDeviceMappings as Props[] | undefined) ?? []).map((b) => {
        const ebs = (b.Ebs as Props | undefined) ?? {};
        const sizeGb = num(ebs.VolumeSize);
        return {
          device: String(b.DeviceName),
          encrypted: ebs.Encrypted === true,
          ...(typeof ebs.VolumeType === "string" ? { type: ebs.VolumeType } : {}),
          ...(sizeGb !== undefined ? { sizeGb } : {}),
        };
      });
      return {
        id,
        name: String(p.LaunchTemplateName ?? id),
        ...(typeof d.InstanceType === "string" ? { instanceType: d.InstanceType } : {}),
        ...(typeof md2?.HttpTokens === "string" ? { httpTokens: md2.HttpTokens } : {}),
        volumes,
        ...(typeof nic?.AssociatePublicIpAddress === "boolean"
          ? { associatePublicIp: nic.AssociatePublicIpAddress }
          : {}),
        ...(typeof nic?.PrivateIpAddress === "string" ? { privateIp: nic.PrivateIpAddress } : {}),
        ...(num(nic?.Ipv6AddressCount) !== undefined ? { ipv6AddressCount: num(nic?.Ipv6AddressCount) as number } : {}),
        ...(typeof market?.MarketType === "string" ? { marketType: market.MarketType } : {}),
        tags: { ...specTags(p.TagSpecifications, "launch-template") },
      };
    }),
  };
}

/** Plan-mode facts: the rendered aws/template.json read as a LiveLab, or undefined when the lab renders none. */
export function planFacts(plan: Plan, artifacts: ArtifactTree): LiveLab | undefined {
  if (!artifacts.has(TEMPLATE_PATH)) return undefined;
  return factsFromTemplate(artifacts.json(TEMPLATE_PATH), plan);
}

/** Each launch template's user-data in the rendered template, decoded (base64 or Fn::Base64), or undefined when the
 * lab renders no template. The T03/T04 checks compare it with what the bastion and matchbox serve. */
export function launchTemplateUserData(
  artifacts: ArtifactTree,
): readonly { readonly id: string; readonly text: string }[] | undefined {
  if (!artifacts.has(TEMPLATE_PATH)) return undefined;
  const template = artifacts.json<Template>(TEMPLATE_PATH);
  return Object.entries(template.Resources ?? {})
    .filter(([, r]) => r.Type === "AWS::EC2::LaunchTemplate")
    .map(([id, r]) => ({
      id,
      text: decodeUserData((r.Properties?.LaunchTemplateData as Props | undefined)?.UserData),
    }));
}

function decodeUserData(v: unknown): string {
  if (typeof v === "string") return Buffer.from(v, "base64").toString("utf8");
  const b = (v as { "Fn::Base64"?: unknown } | undefined)?.["Fn::Base64"];
  return typeof b === "string" ? b : "";
}
