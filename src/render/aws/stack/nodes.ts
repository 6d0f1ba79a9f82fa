// Node aspect (T04): one launch template per Talos node; `moonlab wake` runs them, `moonlab sleep` terminates them.
// With bootMode ipxe the user-data is an iPXE script chaining to matchbox on the bastion (EC2 has no PXE).
import type { CfnParameter } from "aws-cdk-lib";
import { CfnLaunchTemplate, type CfnSecurityGroup, type CfnSubnet } from "aws-cdk-lib/aws-ec2";
import { LabError } from "../../../errors.ts";
import type { Plan, PlanNode } from "../../../plan/types.ts";
import { AMI_REFUSED } from "../../../spec/rules/boot-mode.ts";
import { AMI_SOURCES } from "../ami.ts";
import { NODE_TAG, nodeTemplateId, nodeTemplateName } from "../names.ts";
import { HARDENED_METADATA, type StackContext, tagsOf } from "./context.ts";

/** The iPXE script a node runs as user-data: chain to matchbox with its name as the label, retrying until the
 * bastion answers (the nodes may start before the bastion's services). */
export function ipxeUserData(plan: Plan, node: PlanNode): string {
  const url = `${plan.services.matchbox.url}/ipxe?node=${encodeURIComponent(node.name)}`;
  return ["#!ipxe", ":retry", `chain ${url} || goto wait`, ":wait", "sleep 10", "goto retry", ""].join("\n");
}

function nodeUserData(plan: Plan, node: PlanNode): string {
  // The machine config (CA keys, tokens) never goes into the template: the ami mode, which could only pass it as
  // user-data, is refused (validation refuses it first: src/spec/rules/boot-mode.ts).
  if (plan.talos.bootMode !== "ipxe") throw new LabError(`refusing to render bootMode ami: ${AMI_REFUSED}`, 2);
  return ipxeUserData(plan, node);
}

const SPOT = {
  marketType: "spot",
  spotOptions: { spotInstanceType: "one-time", instanceInterruptionBehavior: "terminate" },
} as const;

export function addNodeTemplates(
  { stack, plan, profile: p }: StackContext,
  subnet: CfnSubnet,
  nodeSg: CfnSecurityGroup,
  nodeAmi: CfnParameter,
): void {
  for (const node of plan.nodes) {
    const tags = (extra: Record<string, string>) => tagsOf(plan, "node", { ...extra, [NODE_TAG]: node.name });
    new CfnLaunchTemplate(stack, nodeTemplateId(node.name), {
      launchTemplateName: nodeTemplateName(plan.lab, node.name),
      launchTemplateData: {
        imageId: nodeAmi.valueAsString,
        instanceType: node.instanceType,
        metadataOptions: HARDENED_METADATA,
        ebsOptimized: true,
        instanceInitiatedShutdownBehavior: "terminate",
        instanceMarketOptions: node.purchase === "spot" ? SPOT : undefined,
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
            ipv6AddressCount: p.ipv6 ? 1 : undefined,
            deleteOnTermination: true,
          },
        ],
        userData: Buffer.from(nodeUserData(plan, node), "utf8").toString("base64"),
        tagSpecifications: [
          { resourceType: "instance", tags: tags({ Name: node.name }) },
          { resourceType: "volume", tags: tags({ Name: node.name }) },
        ],
      },
      tagSpecifications: [{ resourceType: "launch-template", tags: tags({}) }],
    });
  }
}
