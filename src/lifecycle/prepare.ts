// Shared setup of the lifecycle commands: load and validate the spec, render the AWS template (emulator profile
// with --endpoint-url), build the AWS context and the billing port for the budget guard.

import { createLivePorts } from "../app/live-ports.ts";
import { loadLab } from "../app/load-spec.ts";
import type { AwsBillingPort } from "../checks/ports/aws.ts";
import { UsageError } from "../errors.ts";
import { textOf } from "../render/artifact.ts";
import { renderAws, TEMPLATE_PATH } from "../render/aws/index.ts";
import { resolveSecrets } from "../secrets/resolve.ts";
import { type LifecycleContext, lifecycleContext } from "./context.ts";

export interface LifecycleOptions {
  readonly spec?: string;
  readonly endpointUrl?: string;
}

export interface Prepared {
  readonly ctx: LifecycleContext;
  readonly template: string;
  readonly billing?: AwsBillingPort;
}

export async function prepare(o: LifecycleOptions, log: (line: string) => void): Promise<Prepared> {
  const lab = loadLab(o.spec);
  if (lab.plan.target !== "aws")
    throw new UsageError(
      `lab ${lab.plan.lab} has target ${lab.plan.target}: the AWS lifecycle commands need target aws`,
    );
  const secrets = await resolveSecrets(lab);
  const arts = renderAws(lab.plan, secrets, { emulator: o.endpointUrl !== undefined });
  const tpl = arts.find((a) => a.path === TEMPLATE_PATH);
  if (!tpl) throw new Error("the aws family rendered no template");
  const ctx = lifecycleContext(lab.plan, { ...(o.endpointUrl ? { endpointUrl: o.endpointUrl } : {}), log });
  const ports = await createLivePorts(lab.plan, o.endpointUrl ? { endpointUrl: o.endpointUrl } : {});
  return { ctx, template: textOf(tpl), ...(ports.aws ? { billing: ports.aws } : {}) };
}
