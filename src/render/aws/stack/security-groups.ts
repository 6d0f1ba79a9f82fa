// Security-group aspect (T09): the bastion admits SSH from the operator only and its services from the lab subnet;
// the nodes admit the Talos and Kubernetes APIs and the demo NodePort from the lab subnet, everything between nodes.
import { CfnSecurityGroup, CfnSecurityGroupIngress, type CfnVPC } from "aws-cdk-lib/aws-ec2";
import { DEMO_NODE_PORT, KUBERNETES_API_PORT, TALOS_API_PORT } from "../../../plan/ports.ts";
import { ID } from "../names.ts";
import { addNatForwardRules } from "../nat-forward.ts";
import { type StackContext, tagsOf } from "./context.ts";

export interface LabSecurityGroups {
  readonly bastionSg: CfnSecurityGroup;
  readonly nodeSg: CfnSecurityGroup;
}

export function addSecurityGroups({ stack, plan, profile: p }: StackContext, vpc: CfnVPC): LabSecurityGroups {
  const fromLab = (proto: "tcp" | "udp", port: number, what: string) => ({
    ipProtocol: proto,
    fromPort: port,
    toPort: port,
    cidrIp: plan.network.subnet,
    description: `${what} from the lab subnet`,
  });
  const ssh = plan.bastion.sshSources.map((src) => ({
    ipProtocol: "tcp",
    fromPort: 22,
    toPort: 22,
    ...(src.includes(":") ? { cidrIpv6: src } : { cidrIp: src }),
    description: "SSH from the operator",
  }));
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
      fromLab("tcp", TALOS_API_PORT, "Talos API"),
      fromLab("tcp", KUBERNETES_API_PORT, "Kubernetes API"),
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
  addNatForwardRules(stack, plan, bastionSg.attrGroupId, nodeSg.attrGroupId);
  return { bastionSg, nodeSg };
}
