// The lab's CloudFormation stack, built from the plan with aws-cdk-lib L1 constructs and synthesized in-process.
// L1 (Cfn*) on purpose: every property in the template is one we chose, nothing is added behind our back (the L2
// Vpc adds per-AZ subnets, NAT gateways and a custom-resource Lambda), and no construct needs a file asset, so the
// stack deploys without a CDK bootstrap stack (BootstraplessSynthesizer, no BootstrapVersion rule).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, Aws, BootstraplessSynthesizer, CfnParameter, type CfnTag, Fn, Stack, Validations } from "aws-cdk-lib";
import { CfnAutoScalingGroup, CfnScheduledAction } from "aws-cdk-lib/aws-autoscaling";
import { CfnBudget, type CfnBudgetProps } from "aws-cdk-lib/aws-budgets";
import {
  CfnInternetGateway,
  CfnLaunchTemplate,
  CfnNetworkInterface,
  CfnRoute,
  CfnRouteTable,
  CfnSecurityGroup,
  CfnSecurityGroupIngress,
  CfnSubnet,
  CfnSubnetRouteTableAssociation,
  CfnVPC,
  CfnVPCCidrBlock,
  CfnVPCGatewayAttachment,
} from "aws-cdk-lib/aws-ec2";
import { CfnInstanceProfile, CfnRole } from "aws-cdk-lib/aws-iam";
import { budgetProperties } from "../../cost/budget.ts";
import { DEMO_NODE_PORT } from "../../plan/ports.ts";
import type { Plan, PlanNode } from "../../plan/types.ts";
import type { LabSecrets } from "../../secrets/types.ts";
import { bastionUserData } from "../bastion/user-data.ts";
import { machineConfigYaml } from "../talos/machine-config.ts";
import { AMI_SOURCES } from "./ami.ts";
import { type Profile, profileFor, profileMetadata } from "./emulator-profile.ts";
import { ID, LAB_TAG, NODE_TAG, nodeTemplateId, nodeTemplateName, ROLE_TAG, stackName } from "./names.ts";
import { recurrences } from "./schedule.ts";

/** Public SSM parameters of Amazon Linux 2023 (resolved by CloudFormation at deploy time). */
export const AL2023_PARAMETER: Record<Plan["arch"], string> = {
  arm64: "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64",
  amd64: "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
};

export interface BuiltStack {
  readonly app: App;
  readonly stack: Stack;
}

function tagsOf(plan: Plan, role: string, extra: Record<string, string> = {}): CfnTag[] {
  const all: Record<string, string> = { ...plan.tags, [ROLE_TAG]: role, ...extra };
  return Object.keys(all)
    .sort()
    .map((key) => ({ key, value: all[key] as string }));
}

/** The iPXE script a node runs as user-data: chain to matchbox with its name as the label, retrying until the
 * bastion answers (the nodes may start before the bastion's services). */
export function ipxeUserData(plan: Plan, node: PlanNode): string {
  const url = `${plan.services.matchbox.url}/ipxe?node=${encodeURIComponent(node.name)}`;
  return ["#!ipxe", ":retry", `chain ${url} || goto wait`, ":wait", "sleep 10", "goto retry", ""].join("\n");
}

function nodeUserData(plan: Plan, node: PlanNode, secrets: LabSecrets): string {
  // Only the ami mode embeds the machine config (the Talos family renders it); the default ipxe mode must not
  // call it, the config is served by matchbox on the bastion instead.
  return plan.talos.bootMode === "ipxe" ? ipxeUserData(plan, node) : machineConfigYaml(plan, node, secrets);
}

/** Builds the stack (not yet synthesized) so that tests can apply cdk-nag or assertions to it. */
export function buildStack(
  plan: Plan,
  secrets: LabSecrets,
  options: {
    emulator?: boolean /** test hook: leave cdk-nag findings unacknowledged */;
    nagAcknowledgements?: boolean;
    /** aws-cdk-lib's built-in template validator (RenderOptions.cfnValidation says when it runs). */
    cfnValidation?: boolean;
  },
  outdir: string,
): BuiltStack {
  const p: Profile = profileFor(options.emulator === true, plan.network.ipv6);
  const app = new App({
    outdir,
    analyticsReporting: false,
    builtinCloudFormationValidation: options.cfnValidation === true,
    context: { "aws:cdk:enable-path-metadata": false, "aws:cdk:disable-stack-trace": true },
  });
  const stack = new Stack(app, stackName(plan.lab), {
    stackName: stackName(plan.lab),
    synthesizer: new BootstraplessSynthesizer({}),
    analyticsReporting: false,
    description: `moonlab lab ${plan.lab}: one dual-stack subnet, a scheduled bastion and Talos node launch templates`,
  });
  stack.templateOptions.metadata = { moonlab: { lab: plan.lab, ...profileMetadata(p) } };

  const bastionAmi = new CfnParameter(stack, ID.bastionAmi, {
    type: "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>",
    default: AL2023_PARAMETER[plan.arch],
    description: `Amazon Linux 2023 ${plan.arch} for the bastion (public SSM parameter)`,
  });
  const nodeAmi = new CfnParameter(stack, ID.nodeAmi, {
    type: "AWS::EC2::Image::Id",
    description:
      plan.talos.bootMode === "ipxe"
        ? `iPXE AMI for ${plan.arch} (resolved by moonlab up with DescribeImages)`
        : `Talos ${plan.talos.version} AMI for ${plan.arch} (owner 540036508848, resolved by moonlab up)`,
  });

  // --- network: one VPC, one public dual-stack subnet, IGW, no NAT -------------------------------------------
  const vpc = new CfnVPC(stack, ID.vpc, {
    cidrBlock: plan.network.cidr,
    enableDnsHostnames: true,
    enableDnsSupport: true,
    tags: tagsOf(plan, "vpc", { Name: plan.lab }),
  });
  let ipv6Block: CfnVPCCidrBlock | undefined;
  if (p.ipv6) ipv6Block = new CfnVPCCidrBlock(stack, ID.vpcIpv6, { vpcId: vpc.ref, amazonProvidedIpv6CidrBlock: true });
  const igw = new CfnInternetGateway(stack, ID.igw, { tags: tagsOf(plan, "igw", { Name: plan.lab }) });
  const attach = new CfnVPCGatewayAttachment(stack, ID.igwAttach, { vpcId: vpc.ref, internetGatewayId: igw.ref });
  const subnet = new CfnSubnet(stack, ID.subnet, {
    vpcId: vpc.ref,
    cidrBlock: plan.network.subnet,
    // Emulator: moto answers Fn::GetAZs with us-east-1a-d whatever the region, so name the zone from the region.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub placeholders
    availabilityZone: p.explicitAz ? Fn.sub("${AWS::Region}a") : Fn.select(0, Fn.getAzs("")),
    mapPublicIpOnLaunch: false,
    ...(p.ipv6
      ? {
          // The first /64 of the VPC's Amazon-provided /56.
          ipv6CidrBlock: Fn.select(0, Fn.cidr(Fn.select(0, vpc.attrIpv6CidrBlocks), 256, "64")),
          assignIpv6AddressOnCreation: true,
        }
      : {}),
    tags: tagsOf(plan, "subnet", { Name: `${plan.lab}-lab` }),
  });
  if (ipv6Block) subnet.addResourceDependency(ipv6Block);
  const rt = new CfnRouteTable(stack, ID.routeTable, { vpcId: vpc.ref, tags: tagsOf(plan, "route-table") });
  const r4 = new CfnRoute(stack, ID.routeV4, {
    routeTableId: rt.ref,
    destinationCidrBlock: "0.0.0.0/0",
    gatewayId: igw.ref,
  });
  r4.addResourceDependency(attach);
  if (p.ipv6) {
    const r6 = new CfnRoute(stack, ID.routeV6, {
      routeTableId: rt.ref,
      destinationIpv6CidrBlock: "::/0",
      gatewayId: igw.ref,
    });
    r6.addResourceDependency(attach);
    if (ipv6Block) r6.addResourceDependency(ipv6Block);
  }
  new CfnSubnetRouteTableAssociation(stack, ID.rtAssoc, { subnetId: subnet.ref, routeTableId: rt.ref });

  // --- security groups ------------------------------------------------------------------------------------
  const labV4 = plan.network.subnet;
  const fromLab = (proto: "tcp" | "udp", port: number, what: string) => ({
    ipProtocol: proto,
    fromPort: port,
    toPort: port,
    cidrIp: labV4,
    description: `${what} from the lab subnet`,
  });
  const ssh = plan.bastion.sshSources.map((src) =>
    src.includes(":")
      ? { ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv6: src, description: "SSH from the operator" }
      : { ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIp: src, description: "SSH from the operator" },
  );
  const egress = [
    { ipProtocol: "-1", cidrIp: "0.0.0.0/0", description: "all IPv4 egress (caches pull from upstream registries)" },
    ...(p.ipv6 ? [{ ipProtocol: "-1", cidrIpv6: "::/0", description: "all IPv6 egress" }] : []),
  ];
  const bastionSg = new CfnSecurityGroup(stack, ID.bastionSg, {
    vpcId: vpc.ref,
    groupDescription: `moonlab ${plan.lab} bastion: SSH from the operator only, services from the lab subnet`,
    securityGroupIngress: [
      ...ssh,
      fromLab("tcp", plan.services.matchbox.port, "matchbox"),
      fromLab("tcp", plan.services.dns.port, "DNS"),
      fromLab("udp", plan.services.dns.port, "DNS"),
      fromLab("tcp", plan.services.registry.port, "lab registry"),
      ...plan.caches.map((c) => fromLab("tcp", c.port, `${c.upstream} cache`)),
    ],
    securityGroupEgress: egress,
    tags: tagsOf(plan, "bastion", { Name: `${plan.lab}-bastion` }),
  });
  const nodeSg = new CfnSecurityGroup(stack, ID.nodeSg, {
    vpcId: vpc.ref,
    groupDescription: `moonlab ${plan.lab} Talos nodes: Talos and Kubernetes APIs from the lab subnet, all between nodes`,
    securityGroupIngress: [
      fromLab("tcp", 50000, "Talos API"),
      fromLab("tcp", 6443, "Kubernetes API"),
      // T10 on AWS: the demo SpinApp is a NodePort the bastion reaches (MetalLB L2 cannot work in a VPC).
      fromLab("tcp", DEMO_NODE_PORT, "demo app NodePort"),
    ],
    securityGroupEgress: egress,
    tags: tagsOf(plan, "node", { Name: `${plan.lab}-nodes` }),
  });
  new CfnSecurityGroupIngress(stack, ID.nodeSelf, {
    groupId: nodeSg.attrGroupId,
    sourceSecurityGroupId: nodeSg.attrGroupId,
    ipProtocol: "-1",
    description: "all traffic between Talos nodes (etcd, kubelet, CNI)",
  });

  // --- bastion: static ENI + ASG 0..1 on a schedule --------------------------------------------------------
  const eni = new CfnNetworkInterface(stack, ID.bastionEni, {
    subnetId: subnet.ref,
    privateIpAddress: plan.bastion.address,
    groupSet: [bastionSg.attrGroupId],
    // NAT instance: the nodes' IPv4 default route points at this address, so the ENI must accept packets for other
    // destinations and send answers from them. The primary ENI keeps the check: it only sends masqueraded packets.
    ...(plan.bastion.nat ? { sourceDestCheck: false } : {}),
    description: `moonlab ${plan.lab} bastion static address (attached at boot as device 1)`,
    tags: tagsOf(plan, "bastion-eni", { Name: `${plan.lab}-bastion` }),
  });
  const role = new CfnRole(stack, ID.bastionRole, {
    assumeRolePolicyDocument: {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
    },
    description: `moonlab ${plan.lab} bastion: attach its static ENI${plan.bastion.ssm ? ", SSM Session Manager" : ""}`,
    managedPolicyArns: plan.bastion.ssm
      ? [`arn:${Aws.PARTITION}:iam::aws:policy/AmazonSSMManagedInstanceCore`]
      : undefined,
    policies: [
      {
        policyName: "attach-static-eni",
        policyDocument: {
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "AttachTheLabEni",
              Effect: "Allow",
              Action: "ec2:AttachNetworkInterface",
              Resource: [
                // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub placeholders
                Fn.sub("arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:network-interface/${Eni}", {
                  Eni: eni.ref,
                }),
                // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub placeholders
                Fn.sub("arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:instance/*"),
              ],
              Condition: { StringEquals: { [`aws:ResourceTag/${LAB_TAG}`]: plan.lab } },
            },
            {
              Sid: "FindTheLabEni",
              Effect: "Allow",
              Action: "ec2:DescribeNetworkInterfaces",
              Resource: "*",
            },
          ],
        },
      },
    ],
    tags: tagsOf(plan, "bastion"),
  });
  const profile = new CfnInstanceProfile(stack, ID.bastionProfile, { roles: [role.ref] });
  const hardened = {
    httpTokens: "required",
    httpEndpoint: "enabled",
    httpPutResponseHopLimit: 1,
  };
  const lt = new CfnLaunchTemplate(stack, ID.bastionLt, {
    launchTemplateName: `moonlab-${plan.lab}-bastion`,
    launchTemplateData: {
      imageId: bastionAmi.valueAsString,
      instanceType: plan.bastion.instanceType,
      iamInstanceProfile: { arn: profile.attrArn },
      metadataOptions: hardened,
      ebsOptimized: true,
      blockDeviceMappings: [
        {
          deviceName: "/dev/xvda",
          ebs: { volumeType: "gp3", volumeSize: plan.bastion.volumeGb, encrypted: true, deleteOnTermination: true },
        },
      ],
      networkInterfaces: [
        {
          // No subnet here: the Auto Scaling group's VPCZoneIdentifier places the instance.
          deviceIndex: 0,
          groups: [bastionSg.attrGroupId],
          associatePublicIpAddress: plan.bastion.publicIpv4,
          ...(p.ipv6 ? { ipv6AddressCount: 1 } : {}),
          deleteOnTermination: true,
        },
      ],
      userData: Buffer.from(bastionUserData(plan), "utf8").toString("base64"),
      tagSpecifications: [
        { resourceType: "instance", tags: tagsOf(plan, "bastion", { Name: plan.bastion.name }) },
        { resourceType: "volume", tags: tagsOf(plan, "bastion", { Name: plan.bastion.name }) },
      ],
    },
    tagSpecifications: [{ resourceType: "launch-template", tags: tagsOf(plan, "bastion") }],
  });
  const asg = new CfnAutoScalingGroup(stack, ID.bastionAsg, {
    minSize: "0",
    maxSize: "1",
    // DesiredCapacity left out on purpose: a stack update must not wake or stop the bastion; the schedule,
    // `moonlab wake` and `moonlab sleep` own it. Created at 0 (= MinSize).
    vpcZoneIdentifier: [subnet.ref],
    launchTemplate: { launchTemplateId: lt.ref, version: lt.attrLatestVersionNumber },
    tags: tagsOf(plan, "bastion").map((t) => ({ ...t, propagateAtLaunch: true })),
  });
  const rec = recurrences(plan.bastion.schedule);
  new CfnScheduledAction(stack, ID.wakeAction, {
    autoScalingGroupName: asg.ref,
    recurrence: rec.wake,
    timeZone: plan.bastion.schedule.timeZone,
    minSize: 0,
    maxSize: 1,
    desiredCapacity: 1,
  });
  new CfnScheduledAction(stack, ID.sleepAction, {
    autoScalingGroupName: asg.ref,
    recurrence: rec.sleep,
    timeZone: plan.bastion.schedule.timeZone,
    minSize: 0,
    maxSize: 1,
    desiredCapacity: 0,
  });

  // --- Talos nodes: one launch template each; `moonlab wake` runs them, `moonlab sleep` terminates them -------
  for (const node of plan.nodes) {
    new CfnLaunchTemplate(stack, nodeTemplateId(node.name), {
      launchTemplateName: nodeTemplateName(plan.lab, node.name),
      launchTemplateData: {
        imageId: nodeAmi.valueAsString,
        instanceType: node.instanceType,
        metadataOptions: hardened,
        ebsOptimized: true,
        instanceInitiatedShutdownBehavior: "terminate",
        ...(node.purchase === "spot"
          ? {
              instanceMarketOptions: {
                marketType: "spot",
                spotOptions: { spotInstanceType: "one-time", instanceInterruptionBehavior: "terminate" },
              },
            }
          : {}),
        blockDeviceMappings: [
          {
            deviceName: AMI_SOURCES[plan.talos.bootMode].rootDevice,
            ebs: { volumeType: "gp3", volumeSize: node.volumeGb, encrypted: true, deleteOnTermination: true },
          },
        ],
        networkInterfaces: [
          {
            deviceIndex: 0,
            subnetId: subnet.ref,
            groups: [nodeSg.attrGroupId],
            privateIpAddress: node.address,
            associatePublicIpAddress: false,
            ...(p.ipv6 ? { ipv6AddressCount: 1 } : {}),
            deleteOnTermination: true,
          },
        ],
        userData: Buffer.from(nodeUserData(plan, node, secrets), "utf8").toString("base64"),
        tagSpecifications: [
          { resourceType: "instance", tags: tagsOf(plan, "node", { Name: node.name, [NODE_TAG]: node.name }) },
          { resourceType: "volume", tags: tagsOf(plan, "node", { Name: node.name, [NODE_TAG]: node.name }) },
        ],
      },
      tagSpecifications: [{ resourceType: "launch-template", tags: tagsOf(plan, "node", { [NODE_TAG]: node.name }) }],
    });
  }

  // --- budget (the cost family supplies the properties) ---------------------------------------------------
  const budget = budgetProperties(plan);
  if (budget && p.budget) new CfnBudget(stack, ID.budget, budget as unknown as CfnBudgetProps);

  if (options.nagAcknowledgements !== false) acknowledgeNagFindings(stack, plan);
  return { app, stack };
}

/** cdk-nag AwsSolutions findings we accept, each with its reason (a lab that costs cents, not a production VPC).
 * cdk-nag v3 reads CDK's own acknowledgements (Validations.of(...).acknowledge); they do not change the template. */
function acknowledgeNagFindings(stack: Stack, plan: Plan): void {
  const ack = (id: string, findings: readonly { id: string; reason: string }[]) => {
    const v = Validations.of(stack.node.findChild(id));
    for (const f of findings) v.acknowledge(f);
  };
  ack(ID.vpc, [
    {
      id: "AwsSolutions-VPC7",
      reason:
        "VPC flow logs cost more than the whole lab at rest; T09 proves exposure from the security groups instead",
    },
  ]);
  ack(ID.bastionRole, [
    {
      id: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonSSMManagedInstanceCore]",
      reason: "AmazonSSMManagedInstanceCore is the AWS-maintained minimum for SSM Session Manager (no inbound SSH)",
    },
    {
      id: "AwsSolutions-IAM5[Resource::*]",
      reason: "ec2:DescribeNetworkInterfaces has no resource-level permissions (the bastion finds its ENI by tag)",
    },
    {
      id: "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>:instance/*]",
      reason:
        "the bastion instance is created later by its Auto Scaling group; AttachNetworkInterface is limited to " +
        "resources tagged with the lab by a condition",
    },
  ]);
  ack(ID.bastionAsg, [
    {
      id: "AwsSolutions-AS3",
      reason: `the bastion group starts and stops on its schedule every day by design (${plan.bastion.schedule.timeZone}); notifications would only repeat that`,
    },
  ]);
}

/** Synthesizes the stack in-process and returns the CloudFormation template object; the temp outdir is removed. */
export function synthTemplate(
  plan: Plan,
  secrets: LabSecrets,
  options: { emulator?: boolean; cfnValidation?: boolean },
): Record<string, unknown> {
  const outdir = mkdtempSync(join(tmpdir(), "moonlab-cdk-"));
  try {
    const { app, stack } = buildStack(plan, secrets, options, outdir);
    return app.synth().getStackByName(stack.stackName).template as Record<string, unknown>;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
