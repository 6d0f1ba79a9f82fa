// What every lifecycle operation works with: the plan, the AWS clients, a progress log and a poll interval.
import { type AwsClients, awsTarget, createClients } from "../adapters/aws/clients.ts";
import type { Plan } from "../plan/types.ts";

export interface LifecycleContext {
  readonly plan: Plan;
  readonly aws: AwsClients;
  /** Progress lines (stderr in the CLI). */
  readonly log: (line: string) => void;
  /** Poll interval while waiting for CloudFormation (ms). */
  readonly pollMs: number;
  /** True when talking to an emulator (--endpoint-url). */
  readonly emulator: boolean;
}

export function lifecycleContext(
  plan: Plan,
  options: { endpointUrl?: string; log?: (line: string) => void; pollMs?: number },
): LifecycleContext {
  const emulator = options.endpointUrl !== undefined;
  return {
    plan,
    aws: createClients(awsTarget(plan.region, options.endpointUrl)),
    log: options.log ?? (() => {}),
    pollMs: options.pollMs ?? (emulator ? 200 : 5000),
    emulator,
  };
}

export const sleepMs = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
