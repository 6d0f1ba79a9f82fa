// moonlab bastion push: the machine configs (secret) to the running bastion over SSH, or locally on the bastion.

import type { Command } from "commander";
import { pushToBastion } from "../../app/push-bastion.ts";
import { loadLab } from "../../plan/load-lab.ts";
import { outDirOf } from "../../render/out-dir.ts";
import { resolveSecrets } from "../../secrets/resolve.ts";

export function register(program: Command): void {
  const bastion = program
    .command("bastion")
    .description("the running bastion: deliver what the rendered tree must not hold");
  bastion
    .command("push")
    .description(
      "push every node's machine config (and optionally Pi-hole's password) to the bastion; run after each wake",
    )
    .option("--spec <file>", "lab spec (default: the built-in lab moon)")
    .option("--out <dir>", "output root of `moonlab plan` (default: out/<lab name>)")
    .option(
      "--bastion-ssh <user@host[:port]>",
      "the bastion over SSH with your own key (default on AWS: a session key over SSM, or SSH to a spec ssh source)",
    )
    .option("--ssh-key <file>", "private key for --bastion-ssh (default: the SSH agent)")
    .option("--bastion-local", "moonlab runs on the bastion itself")
    .option("--endpoint-url <url>", "AWS API endpoint (an emulator such as moto)")
    .option("--pihole-password-env <name>", "environment variable holding Pi-hole's web password")
    .action(
      async (o: {
        spec?: string;
        out?: string;
        bastionSsh?: string;
        sshKey?: string;
        bastionLocal?: boolean;
        endpointUrl?: string;
        piholePasswordEnv?: string;
      }) => {
        const lab = loadLab(o.spec);
        const secrets = await resolveSecrets({ ...lab, outDir: outDirOf(o.out, lab.plan.lab) });
        const password = o.piholePasswordEnv ? process.env[o.piholePasswordEnv] : undefined;
        const r = await pushToBastion(lab.plan, secrets, {
          ...(o.bastionSsh ? { bastionSsh: o.bastionSsh } : {}),
          ...(o.sshKey ? { sshKey: o.sshKey } : {}),
          ...(o.bastionLocal ? { bastionLocal: true } : {}),
          ...(o.endpointUrl ? { endpointUrl: o.endpointUrl } : {}),
          ...(password !== undefined ? { piholePassword: password } : {}),
        });
        for (const f of r.written) process.stdout.write(`pushed ${f}\n`);
      },
    );
}
