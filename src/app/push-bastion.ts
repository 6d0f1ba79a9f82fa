// `moonlab bastion push`: delivers the machine configs (and optionally Pi-hole's password) to a running bastion.
// They are secret, so they are never in the rendered tree or the user-data; on AWS every `wake` starts a fresh
// bastion from the Auto Scaling group, so this runs after each wake (docs/bastion.md "Secrets").
import { type PushReport, pushBastionSecrets } from "../adapters/bastion/push-secrets.ts";
import { bastionPort, type LiveOptions } from "../adapters/live-ports.ts";
import { UsageError } from "../errors.ts";
import type { Plan } from "../plan/types.ts";
import type { LabSecrets } from "../secrets/types.ts";

export async function pushToBastion(
  plan: Plan,
  secrets: LabSecrets,
  options: Pick<LiveOptions, "bastionSsh" | "sshKey" | "bastionLocal"> & { readonly piholePassword?: string },
): Promise<PushReport> {
  if (secrets.talos === undefined)
    throw new UsageError(
      "the lab has no Talos secrets bundle yet: run `moonlab plan` (or `moonlab secrets init`) first",
    );
  const bastion = bastionPort(plan, options);
  if (!bastion) throw new UsageError("name the bastion: --bastion-ssh user@host[:port] or --bastion-local");
  return pushBastionSecrets(bastion, plan, secrets, {
    ...(options.piholePassword !== undefined ? { piholePassword: options.piholePassword } : {}),
  });
}
