// Network aspect: one VPC (+ Amazon IPv6 block), one public dual-stack subnet, an internet gateway and its routes.
// No NAT gateway (T01): IPv4 egress of the nodes goes through the bastion as a NAT instance when bastion.nat is on.
import { Fn } from "aws-cdk-lib";
import {
  CfnInternetGateway,
  CfnRoute,
  CfnRouteTable,
  CfnSubnet,
  CfnSubnetRouteTableAssociation,
  CfnVPC,
  CfnVPCCidrBlock,
  CfnVPCGatewayAttachment,
} from "aws-cdk-lib/aws-ec2";
import { ID } from "../names.ts";
import { type StackContext, tagsOf } from "./context.ts";

export interface LabNetwork {
  readonly vpc: CfnVPC;
  readonly subnet: CfnSubnet;
}

export function addNetwork({ stack, plan, profile: p }: StackContext): LabNetwork {
  const vpc = new CfnVPC(stack, ID.vpc, {
    cidrBlock: plan.network.cidr,
    enableDnsHostnames: true,
    enableDnsSupport: true,
    tags: tagsOf(plan, "vpc", { Name: plan.lab }),
  });
  const ipv6Block = p.ipv6
    ? new CfnVPCCidrBlock(stack, ID.vpcIpv6, { vpcId: vpc.ref, amazonProvidedIpv6CidrBlock: true })
    : undefined;
  const igw = new CfnInternetGateway(stack, ID.igw, { tags: tagsOf(plan, "igw", { Name: plan.lab }) });
  const attach = new CfnVPCGatewayAttachment(stack, ID.igwAttach, { vpcId: vpc.ref, internetGatewayId: igw.ref });
  const subnet = new CfnSubnet(stack, ID.subnet, {
    vpcId: vpc.ref,
    cidrBlock: plan.network.subnet,
    // Emulator: moto answers Fn::GetAZs with us-east-1a-d whatever the region, so name the zone from the region.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub placeholders
    availabilityZone: p.explicitAz ? Fn.sub("${AWS::Region}a") : Fn.select(0, Fn.getAzs("")),
    mapPublicIpOnLaunch: false,
    // The first /64 of the VPC's Amazon-provided /56 (undefined properties are left out of the template).
    ipv6CidrBlock: p.ipv6 ? Fn.select(0, Fn.cidr(Fn.select(0, vpc.attrIpv6CidrBlocks), 256, "64")) : undefined,
    assignIpv6AddressOnCreation: p.ipv6 ? true : undefined,
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
  return { vpc, subnet };
}
