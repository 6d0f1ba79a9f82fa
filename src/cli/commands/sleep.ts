// moonlab sleep [--spec FILE] [--endpoint-url URL]: bastion to 0 and nodes terminated now.
import type { Command } from "commander";
import { prepare } from "../../lifecycle/prepare.ts";
import { sleep } from "../../lifecycle/sleep-wake.ts";

export function register(program: Command): void {
  program
    .command("sleep")
    .description("put the lab to sleep now: bastion group desired 0, node instances terminated")
    .option("--spec <file>", "lab spec (default: the built-in lab moon)")
    .option("--endpoint-url <url>", "AWS API endpoint (an emulator such as moto)")
    .action(async (o: { spec?: string; endpointUrl?: string }) => {
      const p = await prepare(o, (l) => process.stderr.write(`${l}\n`));
      const r = await sleep(p.ctx);
      process.stdout.write(`asleep: bastion group ${r.bastionGroup} desired 0, ${r.nodes.length} nodes terminated\n`);
    });
}
