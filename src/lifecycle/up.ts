// `moonlab up`: creates or updates the lab stack through a change set, shows progress, resumes when interrupted,
// then empties the VPC's default security group. It never wakes anything: the schedule and `moonlab wake` do.
import { DeleteStackCommand, ExecuteChangeSetCommand } from "@aws-sdk/client-cloudformation";
import { accountIdFromArn, upsertLabBudget } from "../adapters/aws/billing-budgets.ts";
import { call } from "../adapters/aws/clients.ts";
import { guardBudgetBeforeWake } from "../cost-model/budget-guard.ts";
import { LabError } from "../errors.ts";
import type { AwsBillingPort } from "../ports/aws.ts";
import { stackName } from "../render/aws/names.ts";
import { changeLines, PARAM, prepareChangeSet } from "./change-set.ts";
import type { LifecycleContext } from "./context.ts";
import { emptyDefaultSecurityGroups } from "./default-sg.ts";
import { resolveNodeAmi } from "./resolve-ami.ts";
import { describeStack, waitForStack } from "./stack-state.ts";

export interface UpOptions {
  /**
   * The rendered aws/template.json (bytes as written), or how to render it: rendering needs the lab's secrets, which
   * are created on first use, so `up` asks for it only once the endpoint answered (nothing is created before that).
   */
  readonly template: string | (() => Promise<string>);
  readonly nodeAmi?: string;
  readonly amiOwner?: string;
  readonly force?: boolean;
  /** Budget guard input; without it the guard is skipped and `up` says so. */
  readonly billing?: AwsBillingPort;
}

export interface UpResult {
  readonly stack: string;
  readonly status: string;
  readonly changed: boolean;
  readonly nodeAmi: string;
  readonly defaultRulesRevoked: number;
  /** The lab's AWS Budgets budget: in the template on AWS; created through the Budgets API on an emulator. */
  readonly budget: "in-template" | "created" | "replaced" | "unchanged" | "none";
}

export async function up(ctx: LifecycleContext, o: UpOptions): Promise<UpResult> {
  const name = stackName(ctx.plan.lab);
  if (o.billing) await guardBudgetBeforeWake(o.billing, ctx.plan, { force: o.force === true });
  else ctx.log("budget guard skipped: no billing access");

  let stack = await describeStack(ctx);
  if (stack?.StackStatus?.endsWith("_IN_PROGRESS") && stack.StackStatus !== "REVIEW_IN_PROGRESS") {
    ctx.log(`stack ${name} is ${stack.StackStatus}: waiting for it (resuming)`);
    await waitForStack(ctx);
    stack = await describeStack(ctx);
  }
  if (stack?.StackStatus === "ROLLBACK_COMPLETE" || stack?.StackStatus === "ROLLBACK_FAILED") {
    // A failed first create cannot be updated; CloudFormation only allows deleting it.
    ctx.log(`stack ${name} is ${stack.StackStatus} after a failed create: deleting it before creating again`);
    await call(ctx.aws.target, "DeleteStack", () => ctx.aws.cfn.send(new DeleteStackCommand({ StackName: name })));
    await waitForStack(ctx);
  }

  const ami = await resolveNodeAmi(ctx, {
    ...(o.nodeAmi ? { nodeAmi: o.nodeAmi } : {}),
    ...(o.amiOwner ? { owner: o.amiOwner } : {}),
  });
  ctx.log(`node AMI ${ami.id} ${ami.name}`);
  const template = typeof o.template === "string" ? o.template : await o.template();
  const cs = await prepareChangeSet(ctx, template, { [PARAM.nodeAmi]: ami.id });
  if (!cs.hasChanges) {
    ctx.log(`stack ${name} is up to date`);
  } else {
    for (const l of changeLines(cs.changes)) ctx.log(`  ${l}`);
    ctx.log(`executing change set ${cs.name}`);
    await call(ctx.aws.target, "ExecuteChangeSet", () =>
      ctx.aws.cfn.send(new ExecuteChangeSetCommand({ StackName: name, ChangeSetName: cs.name })),
    );
  }
  const status = await waitForStack(ctx);
  if (!/^(CREATE|UPDATE)_COMPLETE$/.test(status))
    throw new LabError(`stack ${name} ended ${status}; see the events above (moonlab up resumes when run again)`);
  const revoked = await emptyDefaultSecurityGroups(ctx);
  let budget: UpResult["budget"] = "in-template";
  if (ctx.emulator) {
    // The emulator skips AWS::Budgets::Budget in templates (see the emulator profile): create the same budget
    // through the Budgets API so the live T08 budget check sees what AWS would have.
    const accountId = accountIdFromArn((await describeStack(ctx))?.StackId ?? "");
    if (accountId) {
      const endpoint = ctx.aws.target.endpointUrl;
      budget = await upsertLabBudget(ctx.plan, { accountId, ...(endpoint ? { endpointUrl: endpoint } : {}) });
      ctx.log(`lab budget through the Budgets API: ${budget}`);
    }
  }
  return { stack: name, status, changed: cs.hasChanges, nodeAmi: ami.id, defaultRulesRevoked: revoked, budget };
}
