// aws/README.md: what the stack creates, what it roughly costs and how its AMIs are resolved.
import { KUBERNETES_API_PORT, TALOS_API_PORT } from "../../plan/ports.ts";
import type { Plan } from "../../plan/types.ts";
import { AMI_SOURCES } from "./ami.ts";
import { EMULATOR_DIFFERENCES } from "./emulator-profile.ts";
import { stackName } from "./names.ts";
import { AL2023_PARAMETER } from "./stack.ts";

export function readme(plan: Plan, emulator: boolean): string {
  const s = plan.bastion.schedule;
  const src = AMI_SOURCES[plan.talos.bootMode];
  const lines = [
    `# AWS stack of lab ${plan.lab}`,
    "",
    `\`template.json\` is the CloudFormation template of stack \`${stackName(plan.lab)}\` (region ${plan.region}),`,
    "synthesized by aws-cdk-lib without a bootstrap stack. Deploy it with `moonlab up`; remove it with `moonlab down`.",
    "",
    "## What it creates",
    "",
    `- VPC ${plan.network.cidr}${plan.network.ipv6 ? " with an Amazon-provided IPv6 /56" : ""}, one public subnet ${plan.network.subnet}${plan.network.ipv6 ? " (+ an IPv6 /64)" : ""} with MapPublicIpOnLaunch false,`,
    "  an internet gateway with default routes for IPv4 and IPv6, no NAT gateway.",
    `- Bastion ${plan.bastion.name}: ${plan.bastion.instanceType}, Amazon Linux 2023 (${AL2023_PARAMETER[plan.arch]}), an Auto Scaling`,
    `  group min 0 / max 1 awake ${s.start}-${s.stop} ${s.timeZone} on ${s.days.join(",")}, a static ENI ${plan.bastion.address}`,
    `  attached at boot, IMDSv2 only, encrypted gp3 ${plan.bastion.volumeGb} GB, public IPv4: ${plan.bastion.publicIpv4 ? "yes" : "no"}.`,
    plan.bastion.nat
      ? "  It is the nodes' IPv4 NAT instance (bastion.nat): the static ENI has no source/dest check, the bastion masquerades the lab subnet."
      : "  No IPv4 NAT (bastion.nat: false): nodes reach IPv6 destinations, Amazon Time Sync and the caches only.",
    `- Talos nodes (${plan.talos.bootMode} boot): one launch template each, started by \`moonlab wake\`, terminated by \`moonlab sleep\`:`,
    ...plan.nodes.map(
      (n) => `  - ${n.name}: ${n.role}, ${n.instanceType}, ${n.address}, ${n.purchase}, ${n.volumeGb} GB gp3`,
    ),
    "- Security groups: SSH to the bastion only from the operator's sources; matchbox, DNS, the caches and the lab",
    `  registry only from the lab subnet; Talos (${TALOS_API_PORT}) and Kubernetes (${KUBERNETES_API_PORT}) only from the lab subnet; all between nodes.`,
    `- Everything is tagged \`moonlab:lab=${plan.lab}\`.`,
    "",
    "## Cost (rough; `cost/` has the priced model)",
    "",
    "At rest nothing runs: no instance, no volume (nodes are terminated, the bastion group is at 0), no public IPv4.",
    "A session costs the bastion's and the nodes' instance hours and their gp3 volumes while they exist.",
    "",
    "## How AMIs are resolved",
    "",
    `- Bastion: the public SSM parameter ${AL2023_PARAMETER[plan.arch]} (CloudFormation resolves it).`,
    `- Nodes (${plan.talos.bootMode}): \`moonlab up\` calls DescribeImages with owner ${src.owner}, name ${src.namePattern(plan)}`,
    `  and architecture ${plan.arch === "arm64" ? "arm64" : "x86_64"} in ${plan.region}, takes the newest, and passes it as the NodeAmi parameter`,
    "  (`--node-ami` overrides it).",
    `  ${src.note}`,
    "",
    "## Differences when rendered for the emulator",
    "",
    emulator
      ? "This template was rendered for the emulator (moto):"
      : "Not applied to this template. With --endpoint-url:",
    ...EMULATOR_DIFFERENCES.map((d) => `- ${d.change} (${d.because})`),
    "",
  ];
  return lines.join("\n");
}
