// The AWS stack: aws-cdk-lib assertions on what matters, cdk-nag AwsSolutions with 0 unacknowledged findings,
// byte-stable output, the emulator profile, and the schedule's recurrences.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Match, Template } from "aws-cdk-lib/assertions";
import { CfnSecurityGroup } from "aws-cdk-lib/aws-ec2";
import { AwsSolutionsChecks } from "cdk-nag";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { textOf } from "../../artifacts/artifact.ts";
import { loadLab } from "../../plan/load-lab.ts";
import type { Plan, PlanSchedule } from "../../plan/types.ts";
import { renderAws, TEMPLATE_PATH } from "./index.ts";
import { recurrences } from "./schedule.ts";
import { ipxeUserData } from "./stack/nodes.ts";
import { buildStack } from "./stack.ts";

let plan: Plan;
let json: string;
let t: Template;
const dirs: string[] = [];
const outdir = () => {
  const d = mkdtempSync(join(tmpdir(), "moonlab-stack-test-"));
  dirs.push(d);
  return d;
};
beforeAll(() => {
  plan = loadLab(undefined).plan;
  json = textOf(renderAws(plan, {}, {}).find((a) => a.path === TEMPLATE_PATH) as never);
  t = Template.fromJSON(JSON.parse(json));
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("template (aws-cdk-lib assertions)", () => {
  it("VPC with the spec's CIDR, an Amazon IPv6 block, one subnet without public IPv4 mapping, no NAT", () => {
    t.hasResourceProperties("AWS::EC2::VPC", { CidrBlock: "10.10.0.0/16" });
    t.hasResourceProperties("AWS::EC2::VPCCidrBlock", { AmazonProvidedIpv6CidrBlock: true });
    t.resourceCountIs("AWS::EC2::Subnet", 1);
    t.hasResourceProperties("AWS::EC2::Subnet", {
      CidrBlock: "10.10.0.0/24",
      MapPublicIpOnLaunch: false,
      AssignIpv6AddressOnCreation: true,
    });
    t.resourceCountIs("AWS::EC2::NatGateway", 0);
    t.hasResourceProperties("AWS::EC2::Route", {
      DestinationCidrBlock: "0.0.0.0/0",
      GatewayId: { Ref: "InternetGateway" },
    });
    t.hasResourceProperties("AWS::EC2::Route", {
      DestinationIpv6CidrBlock: "::/0",
      GatewayId: { Ref: "InternetGateway" },
    });
  });

  it("bastion: ENI at the fixed address, ASG 0..1, schedule with time zone, IMDSv2 + encrypted gp3", () => {
    // the nodes' NAT instance (bastion.nat): the static ENI forwards for other addresses
    t.hasResourceProperties("AWS::EC2::NetworkInterface", { PrivateIpAddress: "10.10.0.100", SourceDestCheck: false });
    t.hasResourceProperties("AWS::AutoScaling::AutoScalingGroup", { MinSize: "0", MaxSize: "1" });
    t.hasResourceProperties("AWS::AutoScaling::ScheduledAction", {
      Recurrence: "0 18 * * *",
      TimeZone: "Europe/Dublin",
      DesiredCapacity: 1,
    });
    t.hasResourceProperties("AWS::AutoScaling::ScheduledAction", { Recurrence: "0 23 * * *", DesiredCapacity: 0 });
    t.hasResourceProperties("AWS::EC2::LaunchTemplate", {
      LaunchTemplateName: "moonlab-moon-bastion",
      LaunchTemplateData: Match.objectLike({
        InstanceType: "t4g.small",
        MetadataOptions: Match.objectLike({ HttpTokens: "required" }),
        BlockDeviceMappings: [Match.objectLike({ Ebs: Match.objectLike({ Encrypted: true, VolumeType: "gp3" }) })],
        NetworkInterfaces: [Match.objectLike({ AssociatePublicIpAddress: true })],
      }),
    });
    t.hasParameter("BastionAmi", { Type: "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>" });
  });

  it("bastion: reachable with no long-lived key (src/plan/bastion-access.ts): SSM role, EC2 Instance Connect, no key pair, no port 22", () => {
    // No key pair in the launch template: the operator pushes a session key through EC2 Instance Connect.
    const lts = t.findResources("AWS::EC2::LaunchTemplate");
    for (const [id, lt] of Object.entries(lts))
      expect(
        (lt as { Properties: { LaunchTemplateData: object } }).Properties.LaunchTemplateData,
        id,
      ).not.toHaveProperty("KeyName");
    // Amazon Linux 2023 ships amazon-ssm-agent and ec2-instance-connect (whose AuthorizedKeysCommand reads pushed keys
    // from the instance metadata, so IMDS stays enabled: IMDSv2 only).
    t.hasParameter("BastionAmi", { Default: "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64" });
    t.hasResourceProperties("AWS::EC2::LaunchTemplate", {
      LaunchTemplateName: "moonlab-moon-bastion",
      LaunchTemplateData: Match.objectLike({
        MetadataOptions: Match.objectLike({ HttpEndpoint: "enabled", HttpTokens: "required" }),
      }),
    });
    // bastion.ssm (default true): the agent may register with Session Manager.
    t.hasResourceProperties("AWS::IAM::Role", {
      ManagedPolicyArns: [
        { "Fn::Join": ["", ["arn:", { Ref: "AWS::Partition" }, ":iam::aws:policy/AmazonSSMManagedInstanceCore"]] },
      ],
    });
    // No SSH source in the default spec: SSM needs no inbound port, and nothing opens 22.
    for (const [id, g] of Object.entries(t.findResources("AWS::EC2::SecurityGroupIngress")))
      expect((g as { Properties: { FromPort?: number } }).Properties.FromPort, id).not.toBe(22);
    for (const [id, g] of Object.entries(t.findResources("AWS::EC2::SecurityGroup")))
      for (const r of (g as { Properties: { SecurityGroupIngress?: { FromPort?: number }[] } }).Properties
        .SecurityGroupIngress ?? [])
        expect(r.FromPort, id).not.toBe(22);
  });

  it("bastion.ssm: false renders no SSM policy on the bastion's role", () => {
    const off = { ...plan, bastion: { ...plan.bastion, ssm: false, sshSources: ["203.0.113.7/32"] } };
    const tpl = Template.fromJSON(
      JSON.parse(textOf(renderAws(off, {}, {}).find((a) => a.path === TEMPLATE_PATH) as never)),
    );
    expect(JSON.stringify(tpl.findResources("AWS::IAM::Role"))).not.toContain("AmazonSSMManagedInstanceCore");
  });

  it("nodes: a launch template each with its fixed address, no public IPv4 and the iPXE chain as user-data", () => {
    for (const n of plan.nodes) {
      t.hasResourceProperties("AWS::EC2::LaunchTemplate", {
        LaunchTemplateName: `moonlab-moon-${n.name}`,
        LaunchTemplateData: Match.objectLike({
          ImageId: { Ref: "NodeAmi" },
          UserData: Buffer.from(ipxeUserData(plan, n)).toString("base64"),
          MetadataOptions: Match.objectLike({ HttpTokens: "required" }),
          NetworkInterfaces: [Match.objectLike({ PrivateIpAddress: n.address, AssociatePublicIpAddress: false })],
          // The iPXE AMI's root device, grown to the node's size (Talos installs over it), not a second disk.
          BlockDeviceMappings: [
            Match.objectLike({ DeviceName: "/dev/sda1", Ebs: Match.objectLike({ VolumeSize: 50 }) }),
          ],
        }),
      });
    }
    expect(ipxeUserData(plan, plan.nodes[0] as never)).toMatch(
      /^#!ipxe\n[\s\S]*chain http:\/\/10\.10\.0\.100:8080\/ipxe\?node=moon-gateway-1 /,
    );
  });

  it("security groups: no open ingress, services from the lab subnet only", () => {
    const ingress = Object.values(t.findResources("AWS::EC2::SecurityGroup")).flatMap(
      (r) =>
        (r as { Properties: { SecurityGroupIngress?: { CidrIp?: string; CidrIpv6?: string }[] } }).Properties
          .SecurityGroupIngress ?? [],
    );
    expect(ingress.length).toBeGreaterThan(10);
    expect(ingress.filter((r) => r.CidrIp === "0.0.0.0/0" || r.CidrIpv6 === "::/0")).toEqual([]);
    t.hasResourceProperties("AWS::EC2::SecurityGroup", {
      SecurityGroupIngress: Match.arrayWith([
        Match.objectLike({ FromPort: 50000, ToPort: 50000, CidrIp: "10.10.0.0/24", IpProtocol: "tcp" }),
        Match.objectLike({ FromPort: 6443, CidrIp: "10.10.0.0/24" }),
      ]),
    });
  });

  it("everything taggable carries moonlab:lab", () => {
    for (const type of ["AWS::EC2::VPC", "AWS::EC2::Subnet", "AWS::EC2::SecurityGroup", "AWS::EC2::NetworkInterface"])
      for (const r of Object.values(t.findResources(type)))
        expect((r as { Properties: { Tags: unknown[] } }).Properties.Tags).toContainEqual({
          Key: "moonlab:lab",
          Value: "moon",
        });
  });
});

describe("cdk-nag AwsSolutions", () => {
  it("has 0 unacknowledged findings", () => {
    const { stack } = buildStack(plan, {}, {}, outdir());
    const r = new AwsSolutionsChecks().validateScope(stack);
    expect(r.violations.map((v) => v.ruleName)).toEqual([]);
  });
  it("acknowledges exactly these rules, each with a reason in the stack code", () => {
    const { stack } = buildStack(plan, {}, { nagAcknowledgements: false }, outdir());
    const names = new AwsSolutionsChecks()
      .validateScope(stack)
      .violations.map((v) => v.ruleName)
      .sort();
    expect(names).toEqual(
      [
        "AwsSolutions-AS3",
        "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonSSMManagedInstanceCore]",
        "AwsSolutions-IAM5[Resource::*]",
        "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>:instance/*]",
        "AwsSolutions-VPC7",
      ].sort(),
    );
  });
  it("finds a new open security group (the pack really runs)", () => {
    const { stack } = buildStack(plan, {}, {}, outdir());
    new CfnSecurityGroup(stack, "Open", {
      groupDescription: "open",
      securityGroupIngress: [{ ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIp: "0.0.0.0/0" }],
    });
    const names = new AwsSolutionsChecks().validateScope(stack).violations.map((v) => v.ruleName);
    expect(names.some((n) => n.startsWith("AwsSolutions-EC23"))).toBe(true);
  });
});

describe("boot modes and purchase options", () => {
  it("spot nodes get one-time spot market options; on-demand nodes none", () => {
    // the default lab's compute nodes are spot: make only the second node spot, the others on-demand
    const spot = {
      ...plan,
      nodes: plan.nodes.map((n, i) => ({ ...n, purchase: i === 1 ? ("spot" as const) : ("on-demand" as const) })),
    };
    const tpl = Template.fromJSON(
      JSON.parse(textOf(renderAws(spot, {}, {}).find((a) => a.path === TEMPLATE_PATH) as never)),
    );
    const lts = Object.values(tpl.findResources("AWS::EC2::LaunchTemplate")) as {
      Properties: { LaunchTemplateName: string; LaunchTemplateData: { InstanceMarketOptions?: unknown } };
    }[];
    const withSpot = lts.filter((l) => l.Properties.LaunchTemplateData.InstanceMarketOptions !== undefined);
    expect(withSpot.map((l) => l.Properties.LaunchTemplateName)).toEqual([`moonlab-moon-${spot.nodes[1]?.name}`]);
    expect(withSpot[0]?.Properties.LaunchTemplateData.InstanceMarketOptions).toEqual({
      MarketType: "spot",
      SpotOptions: { InstanceInterruptionBehavior: "terminate", SpotInstanceType: "one-time" },
    });
  });
  it("ami mode is refused: the machine config (CA keys, tokens) would be the template's user-data", async () => {
    const ami = { ...plan, talos: { ...plan.talos, bootMode: "ami" as const } };
    expect(() => renderAws(ami, {}, {})).toThrow(/refusing to render bootMode ami/);
  });
});

describe("rendering", () => {
  it("is byte-stable and leaves no temp dir behind", () => {
    // A private temp root: counting moonlab-cdk-* in the shared /tmp fails whenever any other moonlab process
    // (another vitest worker, a plan in another shell) synthesizes at the same time. os.tmpdir() reads TMPDIR.
    const root = mkdtempSync(join(tmpdir(), "moonlab-stack-tmp-"));
    const saved = process.env.TMPDIR;
    try {
      process.env.TMPDIR = root;
      const again = textOf(renderAws(plan, {}, {}).find((a) => a.path === TEMPLATE_PATH) as never);
      expect(again).toBe(json);
      expect(readdirSync(root)).toEqual([]);
      // The synth does write under that root (so the empty listing above means it cleaned up).
      process.env.TMPDIR = join(root, "absent");
      expect(() => renderAws(plan, {}, {})).toThrow(/ENOENT.*absent/);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
      rmSync(root, { recursive: true, force: true });
    }
  });
  it("emulator profile: no IPv6, no Fn::Cidr, explicit AZ, no budget, recorded in Metadata", () => {
    const emu = textOf(renderAws(plan, {}, { emulator: true }).find((a) => a.path === TEMPLATE_PATH) as never);
    expect(emu).not.toContain("AWS::EC2::VPCCidrBlock");
    expect(emu).not.toContain("Fn::Cidr");
    expect(emu).not.toContain("Fn::GetAZs");
    expect(emu).not.toContain("::/0");
    expect(emu).not.toContain("AWS::Budgets::Budget");
    expect(emu).not.toContain("AWS::EC2::SecurityGroupEgress");
    expect(JSON.parse(emu).Metadata.moonlab.profile).toBe("emulator");
  });
  it("renders nothing for home and local targets", () => {
    expect(renderAws({ ...plan, target: "home" }, {}, {})).toEqual([]);
  });
});

describe("schedule recurrences", () => {
  const s = (start: string, stop: string, days: string[]): PlanSchedule => ({
    start,
    stop,
    days,
    timeZone: "Europe/Dublin",
    hoursPerDay: 0,
    daysPerWeek: days.length,
  });
  it("same day", () => {
    expect(recurrences(s("18:00", "23:30", ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]))).toEqual({
      wake: "0 18 * * *",
      sleep: "30 23 * * *",
    });
  });
  it("a stop past midnight shifts the stop days (sun wraps to mon)", () => {
    expect(recurrences(s("22:00", "02:00", ["fri", "sun"]))).toEqual({
      wake: "0 22 * * FRI,SUN",
      sleep: "0 2 * * MON,SAT",
    });
  });
});
