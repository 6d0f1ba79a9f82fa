// bootMode: ami is refused. The official Talos AMI takes its machine config only as EC2 user-data, and a machine
// config holds the cluster's CA private keys, the bootstrap token and the cluster secret: they would sit in
// aws/template.json (a world-readable file that also goes to CloudFormation) and in launch templates anyone with
// ec2:DescribeLaunchTemplateVersions reads. The ipxe mode keeps them on the bastion (pushed over SSH by
// `moonlab bastion push`, never in the rendered tree).
import { issue } from "../issue.ts";
import type { Rule } from "./rule.ts";

export const AMI_REFUSED =
  "the Talos AMI reads its machine config (CA private keys, bootstrap token, cluster secret) only from EC2 user-data, " +
  "which would put them in aws/template.json and in the launch templates";

export const bootModeRule: Rule = (spec) =>
  spec.talos.bootMode === "ami"
    ? [
        issue("talos.boot-mode-ami-secrets", "talos.bootMode", `bootMode ami is refused: ${AMI_REFUSED}`, {
          received: spec.talos.bootMode,
          allowed: "ipxe",
          fix: "use bootMode: ipxe (nodes netboot from the bastion, which serves the configs `moonlab bastion push` delivers)",
        }),
      ]
    : [];
