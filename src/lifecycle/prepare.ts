// Shared setup of the lifecycle commands: load and validate the spec, render the AWS template (emulator profile
// with --endpoint-url), build the AWS context and the billing port for the budget guard.

import { awsPort } from "../adapters/live-ports.ts";
import { textOf } from "../artifacts/artifact.ts";
import { UsageError } from "../errors.ts";
import { loadLab } from "../plan/load-lab.ts";
import type { AwsBillingPort } from "../ports/aws.ts";
import { resolveSecrets } from "../secrets/resolve.ts";
import { type LifecycleContext, lifecycleContext } from "./context.ts";

export interface LifecycleOptions {
  readonly spec?: string;
  readonly endpointUrl?: string;
}

export interface Prepared {
  readonly ctx: LifecycleContext;
  /** The rendered aws/template.json, rendered on first use: only up and diff need it (and the secrets). */
  readonly template: () => Promise<string>;
  readonly billing?: AwsBillingPort;
}

export async function prepareLifecycle(o: LifecycleOptions, log: (line: string) => void): Promise<Prepared> {
  const lab = loadLab(o.spec);
  if (lab.plan.target !== "aws")
    throw new UsageError(
      `lab ${lab.plan.lab} has target ${lab.plan.target}: the AWS lifecycle commands need target aws`,
    );
  let rendered: string | undefined;
  const template = async (): Promise<string> => {
    if (rendered !== undefined) return rendered;
    const secrets = await resolveSecrets(lab);
    // Loaded here, not at the top: aws-cdk-lib takes seconds to import and status/sleep/wake/down never need it.
    const { renderAws, TEMPLATE_PATH } = await import("../render/aws/index.ts");
    const tpl = renderAws(lab.plan, secrets, { emulator: o.endpointUrl !== undefined, cfnValidation: true }).find(
      (a) => a.path === TEMPLATE_PATH,
    );
    if (!tpl) throw new Error("the aws family rendered no template");
    rendered = textOf(tpl);
    return rendered;
  };
  const ctx = lifecycleContext(lab.plan, { ...(o.endpointUrl ? { endpointUrl: o.endpointUrl } : {}), log });
  // Only the billing side of the AWS port (the budget guard), on the clients the context already made.
  const billing = awsPort(lab.plan, o, ctx.aws);
  return { ctx, template, ...(billing ? { billing } : {}) };
}
