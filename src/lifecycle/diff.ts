// `moonlab diff`: the change set `up` would execute, plus any widening of network exposure between the deployed
// template and the new one (a new ingress source, a new open port, public IPv4 turned on).
import { DeleteStackCommand, GetTemplateCommand } from "@aws-sdk/client-cloudformation";
import { call } from "../adapters/aws/clients.ts";
import type { LiveLab } from "../ports/aws.ts";
import { stackName } from "../render/aws/names.ts";
import { factsFromTemplate } from "../render/aws/read.ts";
import { changeLines, deleteChangeSet, PARAM, prepareChangeSet } from "./change-set.ts";
import type { LifecycleContext } from "./context.ts";
import { resolveNodeAmi } from "./resolve-ami.ts";
import { describeStack } from "./stack-state.ts";

export interface DiffResult {
  readonly changes: readonly string[];
  /** Exposure the new template adds compared to the deployed one. */
  readonly widening: readonly string[];
}

/** Exposure facts of a template: ingress rules and public-address switches, one comparable string each. */
export function exposure(lab: LiveLab): Set<string> {
  const out = new Set<string>();
  for (const g of lab.securityGroups)
    for (const r of g.ingress)
      out.add(`ingress ${g.id} ${r.protocol} ${r.fromPort ?? "*"}-${r.toPort ?? "*"} from ${r.source}`);
  for (const t of lab.launchTemplates) if (t.associatePublicIp) out.add(`public IPv4 on ${t.name}`);
  for (const s of lab.subnets) if (s.mapPublicIpOnLaunch) out.add(`subnet ${s.id} maps public IPv4`);
  return out;
}

export function widening(before: unknown | undefined, after: unknown, plan: LifecycleContext["plan"]): string[] {
  const old = before === undefined ? new Set<string>() : exposure(factsFromTemplate(before, plan));
  return [...exposure(factsFromTemplate(after, plan))].filter((e) => !old.has(e)).sort();
}

export async function diff(
  ctx: LifecycleContext,
  o: { template: string; nodeAmi?: string; amiOwner?: string },
): Promise<DiffResult> {
  const name = stackName(ctx.plan.lab);
  const stack = await describeStack(ctx);
  let deployed: unknown;
  if (stack && stack.StackStatus !== "REVIEW_IN_PROGRESS") {
    const r = await call(ctx.aws.target, "GetTemplate", () =>
      ctx.aws.cfn.send(new GetTemplateCommand({ StackName: name, TemplateStage: "Original" })),
    );
    deployed = typeof r.TemplateBody === "string" ? JSON.parse(r.TemplateBody) : undefined;
  }
  const ami = await resolveNodeAmi(ctx, {
    ...(o.nodeAmi ? { nodeAmi: o.nodeAmi } : {}),
    ...(o.amiOwner ? { owner: o.amiOwner } : {}),
  });
  const cs = await prepareChangeSet(ctx, o.template, { [PARAM.nodeAmi]: ami.id });
  const changes = changeLines(cs.changes);
  // A diff must leave nothing behind: drop the change set, and the empty stack a CREATE change set makes.
  if (cs.hasChanges) await deleteChangeSet(ctx, cs.name);
  if (cs.type === "CREATE")
    await call(ctx.aws.target, "DeleteStack", () => ctx.aws.cfn.send(new DeleteStackCommand({ StackName: name })));
  return { changes, widening: widening(deployed, JSON.parse(o.template), ctx.plan) };
}
