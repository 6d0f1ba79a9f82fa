// The NAT instance's security group rule (AWS VPC guide "NAT instances", the NATSG group): a security group filters
// every packet that reaches an ENI, including packets only passing through. The nodes' IPv4 default route points at
// the bastion ENI, so its group must admit what the nodes send to the internet, or EC2 drops it before nftables
// forwards it. Admitted from the node security group (not the whole subnet), for HTTP and HTTPS as in the guide,
// and SSH when the fleet repository is cloned over SSH. The bastion's own services stay fenced by nftables (which
// drops anything not from the lab subnet) and their own lab-subnet rules (T09).
import { CfnSecurityGroupIngress } from "aws-cdk-lib/aws-ec2";
import type { Construct } from "constructs";
import type { Plan } from "../../plan/types.ts";

/** Logical id prefix of the forward rules (one per port). */
export const NAT_FORWARD_ID = "BastionSecurityGroupForwardFromNodes";

/** TCP ports the nodes reach IPv4 hosts on through the NAT instance. */
export function natForwardPorts(plan: Plan): number[] {
  const ssh = /^ssh:\/\//.test(plan.gitops.repo) || /^[^@\s/]+@[A-Za-z0-9.-]+:/.test(plan.gitops.repo);
  return ssh ? [22, 80, 443] : [80, 443];
}

export function addNatForwardRules(
  scope: Construct,
  plan: Plan,
  bastionGroupId: string,
  nodeGroupId: string,
): CfnSecurityGroupIngress[] {
  if (!plan.bastion.nat) return [];
  return natForwardPorts(plan).map(
    (port) =>
      new CfnSecurityGroupIngress(scope, `${NAT_FORWARD_ID}${port}`, {
        groupId: bastionGroupId,
        sourceSecurityGroupId: nodeGroupId,
        ipProtocol: "tcp",
        fromPort: port,
        toPort: port,
        description: `NAT instance: the nodes' tcp/${port} to IPv4 hosts, forwarded and masqueraded by the bastion`,
      }),
  );
}
