// How the operator reaches the bastion (every operator connection rides on it: `bastion push`, the wake steps that
// deliver configs and ask the bastion's services, the tunnel to the Talos and Kubernetes APIs). A pure choice from
// the plan and what the command line names; the adapters turn it into a connection.
//
// Without long-lived keys by default (docs/bastion.md "Access"): the launch template carries no key pair, so an
// AWS lab is reached with a key made for the session and pushed through EC2 Instance Connect (valid 60 s, enough
// to open the connection). The byte stream is plain TCP to the bastion's public address when the spec allows an
// SSH source, else an SSM Session Manager session (no inbound port at all).
import { UsageError } from "../errors.ts";
import type { Plan } from "./types.ts";

export type BastionAccess =
  /** moonlab runs on the bastion itself (home, rehearse). */
  | { readonly kind: "local" }
  /** SSH with the operator's own key (agent or --ssh-key) to the address given with --bastion-ssh. */
  | { readonly kind: "ssh"; readonly key: "own"; readonly user: string; readonly host: string; readonly port: number }
  /** SSH to the bastion's public address (looked up when connecting), with a session key pushed first. */
  | { readonly kind: "ssh"; readonly key: "pushed"; readonly user: string; readonly port: number }
  /** SSH over an SSM Session Manager session (AWS-StartSSHSession), with a session key pushed first. */
  | { readonly kind: "ssm"; readonly key: "pushed"; readonly user: string; readonly port: number };

export interface AccessRequest {
  /** `--bastion-ssh user@host[:port]`. */
  readonly bastionSsh?: string;
  /** `--bastion-local`. */
  readonly bastionLocal?: boolean;
}

/** The path to the bastion; a UsageError (exit 2) naming the spec field or flag to set when there is none. */
export function chooseBastionAccess(plan: Plan, request: AccessRequest): BastionAccess {
  if (request.bastionLocal) return { kind: "local" };
  if (request.bastionSsh !== undefined) {
    const m = /^(?:([^@]+)@)?([^:@]+)(?::(\d+))?$/.exec(request.bastionSsh);
    if (!m) throw new UsageError(`--bastion-ssh ${request.bastionSsh}: expected user@host[:port]`);
    return {
      kind: "ssh",
      key: "own",
      user: m[1] ?? plan.bastion.sshUser,
      host: m[2] as string,
      port: m[3] !== undefined ? Number(m[3]) : 22,
    };
  }
  if (plan.target !== "aws")
    throw new UsageError("name the bastion: --bastion-local when moonlab runs on it, or --bastion-ssh user@host");
  const user = plan.bastion.sshUser;
  if (plan.bastion.sshSources.length > 0) return { kind: "ssh", key: "pushed", user, port: 22 };
  if (plan.bastion.ssm) return { kind: "ssm", key: "pushed", user, port: 22 };
  throw new UsageError(
    `lab ${plan.lab} gives no way into its bastion: bastion.ssm is false and bastion.ssh.sources is empty. ` +
      "Set bastion.ssm: true in the spec (keyless, no inbound port) or add your address to bastion.ssh.sources " +
      "(e.g. 203.0.113.7/32), then `moonlab up`; or name a bastion you can already reach with --bastion-ssh user@host.",
  );
}

/** What the operator needs on this machine for the path: `session-manager-plugin` only for SSM. */
export const accessNeedsSessionPlugin = (a: BastionAccess): boolean => a.kind === "ssm";

/** One line for logs and records. */
export function describeAccess(a: BastionAccess): string {
  switch (a.kind) {
    case "local":
      return "bastion local (moonlab runs on it)";
    case "ssm":
      return `bastion over SSM Session Manager as ${a.user}, session key through EC2 Instance Connect`;
    case "ssh":
      return a.key === "own"
        ? `bastion over SSH ${a.user}@${a.host}:${a.port}`
        : `bastion over SSH to its public address as ${a.user}, session key through EC2 Instance Connect`;
  }
}
