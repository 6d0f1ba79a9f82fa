// Builds the real port implementations for `moonlab test --live` from command-line options, one per family; a port
// left out makes its live checks not-applicable with instructions.

import { existsSync } from "node:fs";
import { join } from "node:path";
import { type BastionAccess, chooseBastionAccess } from "../plan/bastion-access.ts";
import type { Plan } from "../plan/types.ts";
import type { Ports } from "../ports/ports.ts";
import { createAwsBillingPort } from "./aws/billing.ts";
import { type AwsClients, awsTarget, createClients } from "./aws/clients.ts";
import { AwsInfraAdapter } from "./aws/infra.ts";
import { awsKeylessAccess } from "./aws/keyless-access.ts";
import { type KeylessDialOptions, keylessDial } from "./bastion/keyless-dial.ts";
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
  /** A bastion connection already open (wake's): the live checks ride on it instead of opening another. */
  readonly bastion?: SshBastion | LocalBastion;
  /** The keyless paths' transport (tests: a session-manager-plugin stand-in, TCP elsewhere). */
  readonly keyless?: KeylessDialOptions;
  /** Read image manifests (T05 architecture check): directly from each registry, or through the bastion. */
  readonly registries?: Via;
}

export async function createLivePorts(plan: Plan, options: LiveOptions): Promise<Partial<Ports>> {
  const ports: { -readonly [K in keyof Ports]?: Ports[K] } = {};
  const aws = awsPort(plan, options);
  if (aws) ports.aws = aws;
  const bastion = options.bastion ?? bastionPort(plan, options);
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

/** The bastion connection the options name (SSH or local), or undefined when they name none. Without
 * --bastion-ssh or --bastion-local, an AWS lab that can reach AWS goes the keyless way its spec allows
 * (src/plan/bastion-access.ts); `made` are the clients the command already has. */
export function bastionPort(
  plan: Plan,
  options: Pick<LiveOptions, "bastionSsh" | "sshKey" | "bastionLocal" | "endpointUrl" | "keyless">,
  made?: AwsClients,
): (SshBastion | LocalBastion) | undefined {
  const named = options.bastionLocal === true || options.bastionSsh !== undefined;
  if (!named && (plan.target !== "aws" || (options.endpointUrl === undefined && !hasAwsCredentials())))
    return undefined;
  return bastionFor(plan, chooseBastionAccess(plan, options), options, made);
}

/** The connection for a chosen path: local, SSH with the operator's key, or SSH over a keyless dial (the session
 * key pushed, then SSM or TCP), which needs AWS clients: the command's own, else new ones for the plan's region. */
export function bastionFor(
  plan: Plan,
  access: BastionAccess,
  options: Pick<LiveOptions, "sshKey" | "endpointUrl" | "keyless">,
  made?: AwsClients,
): SshBastion | LocalBastion {
  if (access.kind === "local") return new LocalBastion();
  if (access.key === "own")
    return new SshBastion({
      host: access.host,
      port: access.port,
      user: access.user,
      ...(options.sshKey !== undefined ? { privateKeyPath: options.sshKey } : {}),
      sudo: true,
    });
  const clients = made ?? createClients(awsTarget(plan.region, options.endpointUrl));
  return new SshBastion({
    // Named for messages only: the dial finds the instance and opens the stream.
    host: plan.bastion.name,
    port: access.port,
    user: access.user,
    sudo: true,
    dial: keylessDial(access, awsKeylessAccess(clients, plan.lab), options.keyless),
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
