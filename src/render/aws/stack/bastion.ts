// Bastion aspect (T02): a static ENI with the plan's private address, a role that may attach it, and an Auto
// Scaling group 0..1 from a hardened launch template, woken and put to sleep by scheduled actions in the spec's zone.
import { Aws, type CfnParameter, Fn } from "aws-cdk-lib";
import { CfnAutoScalingGroup, CfnScheduledAction } from "aws-cdk-lib/aws-autoscaling";
import { CfnLaunchTemplate, CfnNetworkInterface, type CfnSecurityGroup, type CfnSubnet } from "aws-cdk-lib/aws-ec2";
import { CfnInstanceProfile, CfnRole } from "aws-cdk-lib/aws-iam";
import { bastionUserData } from "../../bastion/user-data.ts";
import { ID, LAB_TAG } from "../names.ts";
import { recurrences } from "../schedule.ts";
import { HARDENED_METADATA, type StackContext, tagsOf } from "./context.ts";

export function addBastion(
  ctx: StackContext,
  subnet: CfnSubnet,
  bastionSg: CfnSecurityGroup,
  bastionAmi: CfnParameter,
): void {
  const { stack, plan, profile: p } = ctx;
  const eni = new CfnNetworkInterface(stack, ID.bastionEni, {
    subnetId: subnet.ref,
    privateIpAddress: plan.bastion.address,
    groupSet: [bastionSg.attrGroupId],
    // NAT instance: the nodes' IPv4 default route points at this address, so the ENI must accept packets for other
    // destinations and send answers from them. The primary ENI keeps the check: it only sends masqueraded packets.
    sourceDestCheck: plan.bastion.nat ? false : undefined,
    description: `moonlab ${plan.lab} bastion static address (attached at boot as device 1)`,
    tags: tagsOf(plan, "bastion-eni", { Name: `${plan.lab}-bastion` }),
  });
  const profile = addBastionProfile(ctx, eni);
  const lt = new CfnLaunchTemplate(stack, ID.bastionLt, {
    launchTemplateName: `moonlab-${plan.lab}-bastion`,
    launchTemplateData: {
      imageId: bastionAmi.valueAsString,
      instanceType: plan.bastion.instanceType,
      iamInstanceProfile: { arn: profile.attrArn },
      metadataOptions: HARDENED_METADATA,
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
          ipv6AddressCount: p.ipv6 ? 1 : undefined,
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
  for (const [id, recurrence, desiredCapacity] of [
    [ID.wakeAction, rec.wake, 1],
    [ID.sleepAction, rec.sleep, 0],
  ] as const) {
    new CfnScheduledAction(stack, id, {
      autoScalingGroupName: asg.ref,
      recurrence,
      timeZone: plan.bastion.schedule.timeZone,
      minSize: 0,
      maxSize: 1,
      desiredCapacity,
    });
  }
}

/** The bastion's role and instance profile: attach the lab's static ENI (by tag), and SSM Session Manager when on. */
function addBastionProfile({ stack, plan }: StackContext, eni: CfnNetworkInterface): CfnInstanceProfile {
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
            { Sid: "FindTheLabEni", Effect: "Allow", Action: "ec2:DescribeNetworkInterfaces", Resource: "*" },
          ],
        },
      },
    ],
    tags: tagsOf(plan, "bastion"),
  });
  return new CfnInstanceProfile(stack, ID.bastionProfile, { roles: [role.ref] });
}
