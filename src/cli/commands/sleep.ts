// moonlab sleep [--spec FILE]: AWS: bastion to 0 and nodes terminated now. Home/local: each node shut down through
// its Talos API (workers first), the bastion left running (docs/bring-up.md).
import type { Command } from "commander";
import { sleepHomeLab } from "../../app/wake-lab.ts";
import { prepareLifecycle } from "../../lifecycle/prepare.ts";
import { sleep } from "../../lifecycle/sleep-wake.ts";
import { loadLab } from "../../plan/load-lab.ts";

export function register(program: Command): void {
  program
    .command("sleep")
    .description("put the lab to sleep now: AWS bastion group 0 and nodes terminated; home nodes shut down")
    .option("--spec <file>", "lab spec (default: the built-in lab moon)")
    .option("--endpoint-url <url>", "AWS API endpoint (an emulator such as moto)")
    .option("--bastion-ssh <user@host[:port]>", "home: reach the nodes through the bastion over SSH")
    .option("--ssh-key <file>", "private key for --bastion-ssh (default: the SSH agent)")
    .option("--bastion-local", "home: moonlab runs on the bastion itself")
    .option("--json", "print the result as one JSON document (progress stays on stderr)")
    .action(
      async (o: {
        spec?: string;
        endpointUrl?: string;
        bastionSsh?: string;
        sshKey?: string;
        bastionLocal?: boolean;
        json?: boolean;
      }) => {
        const log = (l: string) => process.stderr.write(`${l}\n`);
        if (loadLab(o.spec).plan.target !== "aws") {
          const nodes = await sleepHomeLab({ ...o, log });
          if (o.json) process.stdout.write(`${JSON.stringify({ nodes }, null, 2)}\n`);
          else process.stdout.write(`asleep: ${nodes.map((n) => `${n.name} ${n.action}`).join(", ")}\n`);
          return;
        }
        const p = await prepareLifecycle(o, log);
        const r = await sleep(p.ctx);
        if (o.json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
        else
          process.stdout.write(
            `asleep: bastion group ${r.bastionGroup} desired 0, ${r.nodes.length} nodes terminated\n`,
          );
      },
    );
}
