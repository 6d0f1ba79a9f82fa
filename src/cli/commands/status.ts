// moonlab status [--spec FILE] [--endpoint-url URL]: stack, bastion, nodes (and what spot means for each).
import type { Command } from "commander";
import { prepareLifecycle } from "../../lifecycle/prepare.ts";
import { status, statusLines } from "../../lifecycle/status.ts";

export function register(program: Command): void {
  program
    .command("status")
    .description("show the lab's stack, bastion group and schedule, and every node's state and purchase option")
    .option("--spec <file>", "lab spec (default: the built-in lab moon)")
    .option("--endpoint-url <url>", "AWS API endpoint (an emulator such as moto)")
    .option("--json", "print as JSON")
    .action(async (o: { spec?: string; endpointUrl?: string; json?: boolean }) => {
      const p = await prepareLifecycle(o, (l) => process.stderr.write(`${l}\n`));
      const s = await status(p.ctx);
      process.stdout.write(o.json ? `${JSON.stringify(s, null, 2)}\n` : `${statusLines(s, p.ctx.plan).join("\n")}\n`);
    });
}
