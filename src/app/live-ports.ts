// Builds the real port implementations for `moonlab test --live` from command-line options. Each family's issue
// adds its adapter here; a port left out makes its live checks not-applicable with instructions.

import { existsSync } from "node:fs";
import { join } from "node:path";
import { createAwsBillingPort } from "../adapters/aws/billing.ts";
import { awsTarget, createClients } from "../adapters/aws/clients.ts";
import { AwsInfraAdapter } from "../adapters/aws/infra.ts";
import type { Ports } from "../checks/ports/ports.ts";
import type { Plan } from "../plan/types.ts";

export interface LiveOptions {
  /** AWS API endpoint override (an emulator such as moto). */
  readonly endpointUrl?: string;
  readonly kubeconfig?: string;
  readonly talosconfig?: string;
  /** Probe SSH reachability of the bastion (T02), only when asked. */
  readonly probeSsh?: boolean;
}

export async function createLivePorts(plan: Plan, options: LiveOptions): Promise<Partial<Ports>> {
  const ports: { -readonly [K in keyof Ports]?: Ports[K] } = {};
  if (plan.target === "aws" && (options.endpointUrl !== undefined || hasAwsCredentials()))
    ports.aws = awsPort(plan, options);
  return ports;
}

/** AWS access: an endpoint override, or credentials the SDK's default chain can find. */
function hasAwsCredentials(): boolean {
  const env = process.env;
  if (
    env.AWS_ACCESS_KEY_ID ||
    env.AWS_PROFILE ||
    env.AWS_WEB_IDENTITY_TOKEN_FILE ||
    env.AWS_CONTAINER_CREDENTIALS_FULL_URI
  )
    return true;
  const home = env.HOME ?? "";
  return existsSync(join(home, ".aws", "credentials")) || existsSync(join(home, ".aws", "config"));
}

function awsPort(plan: Plan, options: LiveOptions): Ports["aws"] {
  const clients = createClients(awsTarget(plan.region, options.endpointUrl));
  const infra = new AwsInfraAdapter(clients, { emulator: options.endpointUrl !== undefined });
  const billing = createAwsBillingPort(options.endpointUrl !== undefined ? { endpointUrl: options.endpointUrl } : {});
  return {
    describeLab: (lab) => infra.describeLab(lab),
    monthToDateCost: () => billing.monthToDateCost(),
  };
}
