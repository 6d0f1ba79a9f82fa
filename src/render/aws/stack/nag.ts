// cdk-nag acknowledgements of the lab stack: each accepted AwsSolutions finding with its written reason.
import { type Stack, Validations } from "aws-cdk-lib";
import type { Plan } from "../../../plan/types.ts";
import { ID } from "../names.ts";

/** cdk-nag AwsSolutions findings we accept, each with its reason (a lab that costs cents, not a production VPC).
 * cdk-nag v3 reads CDK's own acknowledgements (Validations.of(...).acknowledge); they do not change the template. */
export function acknowledgeNagFindings(stack: Stack, plan: Plan): void {
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
