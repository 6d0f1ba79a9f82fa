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
  const sg = (k: string) => (r[k] !== undefined ? `sg:${refOf(r[k])}` : undefined);
  const source =
    (r.CidrIp as string | undefined) ??
    (r.CidrIpv6 as string | undefined) ??
    sg("SourceSecurityGroupId") ??
    sg("DestinationSecurityGroupId") ??
    (r.SourcePrefixListId !== undefined ? `pl:${refOf(r.SourcePrefixListId)}` : undefined) ??
    "<unknown>";
  return {
    protocol: String(r.IpProtocol),
    fromPort: num(r.FromPort),
    toPort: num(r.ToPort),
    source,
    description: str(r.Description),
  };
}

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** Template tags of a launch-template resource type inside LaunchTemplateData.TagSpecifications. */
function specTags(specs: unknown, type: string): Record<string, string> {
  for (const s of (specs as { ResourceType: string; Tags: unknown }[] | undefined) ?? [])
    if (s.ResourceType === type) return tagsOf({ Tags: s.Tags });
  return {};
}

/** The template's resources of one type as [logical id, properties], sorted by id. */
type Of = (type: string) => (readonly [string, Props])[];

/** Values of `pick` for the resources of `type`, grouped by the logical id that `key` names. */
function groupedBy<T>(of: Of, type: string, key: string, pick: (p: Props, id: string) => T): Map<string, T[]> {
  const grouped = Map.groupBy(of(type), ([, p]) => refOf(p[key]));
  return new Map([...grouped].map(([k, rs]) => [k, rs.map(([id, p]) => pick(p, id))]));
}

function routeTarget(p: Props): string {
  if (p.GatewayId !== undefined) return refOf(p.GatewayId);
  if (p.NatGatewayId !== undefined) return `nat:${refOf(p.NatGatewayId)}`;
  if (p.NetworkInterfaceId !== undefined) return `eni:${refOf(p.NetworkInterfaceId)}`;
  if (p.InstanceId !== undefined) return `instance:${refOf(p.InstanceId)}`;
  return `other:${JSON.stringify(p)}`;
}

/** VPCs, subnets, gateways and route tables. */
function networkFacts(of: Of): Pick<LiveLab, "vpcs" | "subnets" | "natGateways" | "internetGateways" | "routeTables"> {
  const ipv6ByVpc = groupedBy(
    (type) => of(type).filter(([, p]) => p.AmazonProvidedIpv6CidrBlock === true),
    "AWS::EC2::VPCCidrBlock",
    "VpcId",
    () => "<Amazon-provided IPv6 /56>",
  );
  const igwVpcs = groupedBy(
    (type) => of(type).filter(([, p]) => p.InternetGatewayId !== undefined),
    "AWS::EC2::VPCGatewayAttachment",
    "InternetGatewayId",
    (p) => refOf(p.VpcId),
  );
  const rtSubnets = groupedBy(of, "AWS::EC2::SubnetRouteTableAssociation", "RouteTableId", (p) => refOf(p.SubnetId));
  const routes = groupedBy(of, "AWS::EC2::Route", "RouteTableId", (p) => ({
    destination: String(p.DestinationCidrBlock ?? p.DestinationIpv6CidrBlock ?? "<prefix list>"),
    target: routeTarget(p),
  }));
  return {
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
  };
}

/** Security groups with their inline rules and the separate ingress/egress resources that name them. */
function securityGroupFacts(of: Of): LiveLab["securityGroups"] {
  const extraIngress = groupedBy(of, "AWS::EC2::SecurityGroupIngress", "GroupId", rule);
  const extraEgress = groupedBy(of, "AWS::EC2::SecurityGroupEgress", "GroupId", rule);
  const inline = (v: unknown) => ((v as Props[] | undefined) ?? []).map(rule);
  return of("AWS::EC2::SecurityGroup").map(([id, p]) => ({
    id,
    name: String(p.GroupName ?? id),
    vpcId: refOf(p.VpcId),
    isDefault: false,
    tags: tagsOf(p),
    ingress: [...inline(p.SecurityGroupIngress), ...(extraIngress.get(id) ?? [])],
    egress: [...inline(p.SecurityGroupEgress), ...(extraEgress.get(id) ?? [])],
  }));
}

/** Auto Scaling groups with their scheduled actions. */
function autoScalingFacts(of: Of): LiveLab["autoScalingGroups"] {
  const actions = groupedBy(of, "AWS::AutoScaling::ScheduledAction", "AutoScalingGroupName", (p, name) => ({
    name,
    recurrence: str(p.Recurrence),
    timeZone: str(p.TimeZone),
    desired: num(p.DesiredCapacity),
    min: num(p.MinSize),
    max: num(p.MaxSize),
  }));
  return of("AWS::AutoScaling::AutoScalingGroup").map(([id, p]) => {
    const lt = p.LaunchTemplate as Props | undefined;
    return {
      name: id,
      min: num(p.MinSize) ?? 0,
      max: num(p.MaxSize) ?? 0,
      desired: num(p.DesiredCapacity),
      launchTemplate: lt?.LaunchTemplateId !== undefined ? refOf(lt.LaunchTemplateId) : undefined,
      tags: tagsOf(p),
      scheduledActions: actions.get(id) ?? [],
    };
  });
}

/** Launch templates: instance type, IMDS, volumes, the first network interface and the market. */
function launchTemplateFacts(of: Of): LiveLab["launchTemplates"] {
  return of("AWS::EC2::LaunchTemplate").map(([id, p]) => {
    const d = (p.LaunchTemplateData as Props | undefined) ?? {};
    const nic = ((d.NetworkInterfaces as Props[] | undefined) ?? [])[0];
    const volumes: LiveVolume[] = ((d.BlockDeviceMappings as Props[] | undefined) ?? []).map((b) => {
      const ebs = (b.Ebs as Props | undefined) ?? {};
      return {
        device: String(b.DeviceName),
        encrypted: ebs.Encrypted === true,
        type: str(ebs.VolumeType),
        sizeGb: num(ebs.VolumeSize),
      };
    });
    return {
      id,
      name: String(p.LaunchTemplateName ?? id),
      instanceType: str(d.InstanceType),
      httpTokens: str((d.MetadataOptions as Props | undefined)?.HttpTokens),
      volumes,
      associatePublicIp: typeof nic?.AssociatePublicIpAddress === "boolean" ? nic.AssociatePublicIpAddress : undefined,
      privateIp: str(nic?.PrivateIpAddress),
      ipv6AddressCount: num(nic?.Ipv6AddressCount),
      marketType: str((d.InstanceMarketOptions as Props | undefined)?.MarketType),
      tags: specTags(p.TagSpecifications, "launch-template"),
    };
  });
}

export function factsFromTemplate(template: unknown, plan: Plan): LiveLab {
  const t = template as Template;
  const res = Object.entries(t.Resources ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
  const of: Of = (type) => res.filter(([, r]) => r.Type === type).map(([id, r]) => [id, r.Properties ?? {}] as const);
  const md = t.Metadata?.moonlab;
  if (md?.profile === "emulator" && md.differences === undefined)
    throw new Error("emulator template without differences");
  return {
    region: plan.region,
    source: "template",
    emulator: md?.profile === "emulator" ? { name: EMULATOR_NAME, differences: md.differences ?? [] } : undefined,
    ...networkFacts(of),
    securityGroups: securityGroupFacts(of),
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
    autoScalingGroups: autoScalingFacts(of),
    launchTemplates: launchTemplateFacts(of),
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
