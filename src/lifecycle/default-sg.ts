// Empties the lab VPC's default security group. EC2 creates it with "all from itself" ingress and "all" egress;
// CloudFormation cannot change it without a custom-resource Lambda (which would need a CDK bootstrap stack), so
// `moonlab up` revokes its rules through the API after every deploy. t09/default-sg-no-rules proves it live.
import {
  DescribeSecurityGroupsCommand,
  DescribeVpcsCommand,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
} from "@aws-sdk/client-ec2";
import { call } from "../adapters/aws/clients.ts";
import { labFilter } from "../adapters/aws/infra.ts";
import type { LifecycleContext } from "./context.ts";

export async function emptyDefaultSecurityGroups(ctx: LifecycleContext): Promise<number> {
  const { ec2, target } = ctx.aws;
  const vpcs =
    (
      await call(target, "DescribeVpcs", () =>
        ec2.send(new DescribeVpcsCommand({ Filters: [labFilter(ctx.plan.lab)] })),
      )
    ).Vpcs ?? [];
  if (vpcs.length === 0) return 0;
  const groups =
    (
      await call(target, "DescribeSecurityGroups", () =>
        ec2.send(
          new DescribeSecurityGroupsCommand({
            Filters: [
              { Name: "vpc-id", Values: vpcs.map((v) => v.VpcId as string) },
              { Name: "group-name", Values: ["default"] },
            ],
          }),
        ),
      )
    ).SecurityGroups ?? [];
  let revoked = 0;
  for (const g of groups) {
    if (g.IpPermissions?.length) {
      await call(target, "RevokeSecurityGroupIngress", () =>
        ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: g.GroupId, IpPermissions: g.IpPermissions })),
      );
      revoked += g.IpPermissions.length;
    }
    if (g.IpPermissionsEgress?.length) {
      await call(target, "RevokeSecurityGroupEgress", () =>
        ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: g.GroupId, IpPermissions: g.IpPermissionsEgress })),
      );
      revoked += g.IpPermissionsEgress.length;
    }
    ctx.log(`default security group ${g.GroupId}: ${revoked} rules revoked`);
  }
  return revoked;
}
