// Logical ids and tag keys of the AWS stack, shared by the renderer, the template reader, the lifecycle and the
// real adapter, so that a rename cannot make one of them look for something the others no longer create.

/** Tag every lab resource carries (plan.tags); cleanup touches only what carries it. */
export const LAB_TAG = "moonlab:lab";
/** What a resource is inside the lab: vpc, subnet, bastion, bastion-eni, node, ... */
export const ROLE_TAG = "moonlab:role";
/** Node name on node launch templates and instances. */
export const NODE_TAG = "moonlab:node";

export const STACK_SUFFIX = "-lab";
/** CloudFormation stack name of a lab. */
export const stackName = (lab: string): string => `moonlab-${lab}${STACK_SUFFIX}`;

export const ID = {
  vpc: "Vpc",
  vpcIpv6: "VpcIpv6Block",
  igw: "InternetGateway",
  igwAttach: "InternetGatewayAttachment",
  subnet: "LabSubnet",
  routeTable: "LabRouteTable",
  routeV4: "DefaultRouteV4",
  routeV6: "DefaultRouteV6",
  rtAssoc: "LabSubnetRouteTable",
  bastionSg: "BastionSecurityGroup",
  nodeSg: "NodeSecurityGroup",
  nodeSelf: "NodeSecurityGroupFromNodes",
  bastionEni: "BastionEni",
  bastionRole: "BastionRole",
  bastionProfile: "BastionInstanceProfile",
  bastionLt: "BastionLaunchTemplate",
  bastionAsg: "BastionGroup",
  wakeAction: "BastionWake",
  sleepAction: "BastionSleep",
  budget: "Budget",
  bastionAmi: "BastionAmi",
  nodeAmi: "NodeAmi",
} as const;

/** Logical id of a node's launch template: NodeLaunchTemplate + PascalCase name (moon-compute-1 -> MoonCompute1). */
export function nodeTemplateId(node: string): string {
  return `NodeLaunchTemplate${node
    .split("-")
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join("")}`;
}

/** EC2 name of a node's launch template (unique per account and region). */
export const nodeTemplateName = (lab: string, node: string): string => `moonlab-${lab}-${node}`;
