// The lab's CloudFormation stack, built from the plan with aws-cdk-lib L1 constructs and synthesized in-process.
// L1 (Cfn*) on purpose: every property in the template is one we chose, nothing is added behind our back (the L2
// Vpc adds per-AZ subnets, NAT gateways and a custom-resource Lambda), and no construct needs a file asset, so the
// stack deploys without a CDK bootstrap stack (BootstraplessSynthesizer, no BootstrapVersion rule).
// One file per aspect under stack/ (network, security groups, bastion, nodes, budget, cdk-nag), as Talos's
// config generator splits by config aspect; this file wires them in dependency order.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, BootstraplessSynthesizer, CfnParameter, Stack } from "aws-cdk-lib";
import { CfnBudget, type CfnBudgetProps } from "aws-cdk-lib/aws-budgets";
import { budgetProperties } from "../../cost-model/budget.ts";
import type { Plan } from "../../plan/types.ts";
import type { LabSecrets } from "../../secrets/types.ts";
import { profileFor, profileMetadata } from "./emulator-profile.ts";
import { ID, stackName } from "./names.ts";
import { addBastion } from "./stack/bastion.ts";
import type { StackContext } from "./stack/context.ts";
import { acknowledgeNagFindings } from "./stack/nag.ts";
import { addNetwork } from "./stack/network.ts";
import { addNodeTemplates } from "./stack/nodes.ts";
import { addSecurityGroups } from "./stack/security-groups.ts";

/** Public SSM parameters of Amazon Linux 2023 (resolved by CloudFormation at deploy time). */
export const AL2023_PARAMETER: Record<Plan["arch"], string> = {
  arm64: "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64",
  amd64: "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
};

export interface BuiltStack {
  readonly app: App;
  readonly stack: Stack;
}

/** Builds the stack (not yet synthesized) so that tests can apply cdk-nag or assertions to it. The secrets are part
 * of the renderer contract but never reach the template (the ami mode that would embed them is refused). */
export function buildStack(
  plan: Plan,
  _secrets: LabSecrets,
  options: {
    emulator?: boolean;
    /** test hook: leave cdk-nag findings unacknowledged */
    nagAcknowledgements?: boolean;
    /** aws-cdk-lib's built-in template validator (RenderOptions.cfnValidation says when it runs). */
    cfnValidation?: boolean;
  },
  outdir: string,
): BuiltStack {
  const profile = profileFor(options.emulator === true, plan.network.ipv6);
  const app = new App({
    outdir,
    analyticsReporting: false,
    builtinCloudFormationValidation: options.cfnValidation === true,
    context: { "aws:cdk:enable-path-metadata": false, "aws:cdk:disable-stack-trace": true },
  });
  const stack = new Stack(app, stackName(plan.lab), {
    stackName: stackName(plan.lab),
    synthesizer: new BootstraplessSynthesizer({}),
    analyticsReporting: false,
    description: `moonlab lab ${plan.lab}: one dual-stack subnet, a scheduled bastion and Talos node launch templates`,
  });
  stack.templateOptions.metadata = { moonlab: { lab: plan.lab, ...profileMetadata(profile) } };
  const ctx: StackContext = { stack, plan, profile };

  const bastionAmi = new CfnParameter(stack, ID.bastionAmi, {
    type: "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>",
    default: AL2023_PARAMETER[plan.arch],
    description: `Amazon Linux 2023 ${plan.arch} for the bastion (public SSM parameter)`,
  });
  const nodeAmi = new CfnParameter(stack, ID.nodeAmi, {
    type: "AWS::EC2::Image::Id",
    description:
      plan.talos.bootMode === "ipxe"
        ? `iPXE AMI for ${plan.arch} (resolved by moonlab up with DescribeImages)`
        : `Talos ${plan.talos.version} AMI for ${plan.arch} (owner 540036508848, resolved by moonlab up)`,
  });

  const { vpc, subnet } = addNetwork(ctx);
  const { bastionSg, nodeSg } = addSecurityGroups(ctx, vpc);
  addBastion(ctx, subnet, bastionSg, bastionAmi);
  addNodeTemplates(ctx, subnet, nodeSg, nodeAmi);
  // The budget: the cost family supplies the properties; the emulator creates it through the API instead.
  const budget = budgetProperties(plan);
  if (budget && profile.budget) new CfnBudget(stack, ID.budget, budget as unknown as CfnBudgetProps);

  if (options.nagAcknowledgements !== false) acknowledgeNagFindings(stack, plan);
  return { app, stack };
}

/** Synthesizes the stack in-process and returns the CloudFormation template object; the temp outdir is removed. */
export function synthTemplate(
  plan: Plan,
  secrets: LabSecrets,
  options: { emulator?: boolean; cfnValidation?: boolean },
): Record<string, unknown> {
  const outdir = mkdtempSync(join(tmpdir(), "moonlab-cdk-"));
  try {
    const { app, stack } = buildStack(plan, secrets, options, outdir);
    return app.synth().getStackByName(stack.stackName).template as Record<string, unknown>;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
