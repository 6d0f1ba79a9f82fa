// `moonlab bastion push`: delivers the machine configs (and optionally Pi-hole's password) to a running bastion.
// They are secret, so they are never in the rendered tree or the user-data; on AWS every `wake` starts a fresh
// bastion from the Auto Scaling group, so this runs after each wake (docs/bastion.md "Secrets").
import { type PushReport, pushBastionSecrets } from "../adapters/bastion/push-secrets.ts";
import { SshBastion } from "../adapters/bastion/ssh.ts";
import { bastionPort, type LiveOptions } from "../adapters/live-ports.ts";
import { UsageError } from "../errors.ts";
import type { Plan } from "../plan/types.ts";
import type { LabSecrets } from "../secrets/types.ts";

export async function pushToBastion(
  plan: Plan,
  secrets: LabSecrets,
  options: Pick<LiveOptions, "bastionSsh" | "sshKey" | "bastionLocal" | "endpointUrl" | "keyless"> & {
    readonly piholePassword?: string;
  },
): Promise<PushReport> {
  if (secrets.talos === undefined)
    throw new UsageError(
      "the lab has no Talos secrets bundle yet: run `moonlab plan` (or `moonlab secrets init`) first",
    );
  // On AWS without a flag: the keyless path the spec allows (src/plan/bastion-access.ts), when AWS is reachable.
  const bastion = bastionPort(plan, options);
  if (!bastion)
    throw new UsageError(
      plan.target === "aws"
        ? "no AWS credentials for the keyless way into the bastion: configure them as for the AWS CLI, or name " +
            "the bastion: --bastion-ssh user@host[:port]"
        : "name the bastion: --bastion-ssh user@host[:port] or --bastion-local",
    );
  try {
    return await pushBastionSecrets(bastion, plan, secrets, {
      ...(options.piholePassword !== undefined ? { piholePassword: options.piholePassword } : {}),
    });
  } finally {
    if (bastion instanceof SshBastion) await bastion.close();
  }
}
