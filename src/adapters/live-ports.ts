// Builds the real port implementations for `moonlab test --live` from command-line options, one per family; a port
// left out makes its live checks not-applicable with instructions.

import { existsSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "../errors.ts";
import type { Plan } from "../plan/types.ts";
import type { Ports } from "../ports/ports.ts";
import { createAwsBillingPort } from "./aws/billing.ts";
import { type AwsClients, awsTarget, createClients } from "./aws/clients.ts";
import { AwsInfraAdapter } from "./aws/infra.ts";
import { LocalBastion } from "./bastion/local.ts";
import { SshBastion } from "./bastion/ssh.ts";
import { BastionHttp } from "./http/via-bastion.ts";
import { createKubePort, kubeConfigFrom } from "./kube/client-node.ts";
import { OciDistributionPort, registryEndpoints, type Via } from "./registry/oci-distribution.ts";
import { TalosctlPort } from "./talos/talosctl.ts";

export interface LiveOptions {
  /** AWS API endpoint override (an emulator such as moto). */
  readonly endpointUrl?: string;
  readonly kubeconfig?: string;
  readonly talosconfig?: string;
  /** Probe SSH reachability of the bastion (T02), only when asked. */
  readonly probeSsh?: boolean;
  /** SSH to the bastion, `user@host[:port]` (the bastion port; HTTP checks then run curl on the bastion). */
  readonly bastionSsh?: string;
  /** Private key file for bastionSsh (default: the SSH agent). */
  readonly sshKey?: string;
  /** moonlab runs on the bastion itself (home, rehearse): commands and files are local. */
  readonly bastionLocal?: boolean;
  /** Read image manifests (T05 architecture check): directly from each registry, or through the bastion. */
  readonly registries?: Via;
}

export async function createLivePorts(plan: Plan, options: LiveOptions): Promise<Partial<Ports>> {
  const ports: { -readonly [K in keyof Ports]?: Ports[K] } = {};
  const aws = awsPort(plan, options);
  if (aws) ports.aws = aws;
  const bastion = bastionPort(plan, options);
  if (bastion) ports.bastion = bastion;
  // Lab services listen on private addresses only the lab subnet reaches: ask from the bastion (`moonlab rehearse`
  // builds its own ports and uses FetchHttp inside its namespace).
  if (bastion) ports.http = new BastionHttp(bastion);
  if (options.talosconfig !== undefined) {
    const cp = plan.nodes.find((n) => n.role === "controlplane");
    if (cp) ports.talos = new TalosctlPort({ talosconfig: options.talosconfig, controlPlane: cp.address });
  }
  if (options.kubeconfig !== undefined) ports.kube = createKubePort(kubeConfigFrom(options.kubeconfig));
  if (options.registries !== undefined)
    ports.registry = new OciDistributionPort({
      endpoints: registryEndpoints(plan, options.registries),
      throughLab: options.registries === "bastion",
    });
  return ports;
}

/** The bastion connection the options name (SSH or local), or undefined when they name none. */
export function bastionPort(plan: Plan, options: LiveOptions): (SshBastion | LocalBastion) | undefined {
  if (options.bastionLocal) return new LocalBastion();
  if (options.bastionSsh === undefined) return undefined;
  const m = /^(?:([^@]+)@)?([^:@]+)(?::(\d+))?$/.exec(options.bastionSsh);
  if (!m) throw new UsageError(`--bastion-ssh ${options.bastionSsh}: expected user@host[:port]`);
  return new SshBastion({
    host: m[2] as string,
    ...(m[3] !== undefined ? { port: Number(m[3]) } : {}),
    user: m[1] ?? plan.bastion.sshUser,
    ...(options.sshKey !== undefined ? { privateKeyPath: options.sshKey } : {}),
    sudo: true,
  });
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

/** The AWS port of an aws lab that can reach AWS (an endpoint override or credentials), else undefined. The
 * lifecycle commands pass the clients they already made, so one run makes one set of AWS clients. */
export function awsPort(
  plan: Plan,
  options: Pick<LiveOptions, "endpointUrl">,
  made?: AwsClients,
): Ports["aws"] | undefined {
  if (plan.target !== "aws" || (options.endpointUrl === undefined && !hasAwsCredentials())) return undefined;
  const clients = made ?? createClients(awsTarget(plan.region, options.endpointUrl));
  const infra = new AwsInfraAdapter(clients, { emulator: options.endpointUrl !== undefined });
  const billing = createAwsBillingPort({
    labRegion: clients.target.region,
    ...(options.endpointUrl !== undefined ? { endpointUrl: options.endpointUrl } : {}),
  });
  return {
    describeLab: (lab) => infra.describeLab(lab),
    monthToDateCost: () => billing.monthToDateCost(),
    budget: (name, lab) => billing.budget?.(name, lab) ?? Promise.resolve(undefined),
  };
}
