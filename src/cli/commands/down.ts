// moonlab down [--spec FILE] [--endpoint-url URL] [--yes]: confirm, then delete the stack, sweep tagged leftovers, prove none remain.
import type { Command } from "commander";
import { confirmDestructive, terminalIo } from "../../app/confirm.ts";
import { down } from "../../lifecycle/down.ts";
import { prepareLifecycle } from "../../lifecycle/prepare.ts";

export function register(program: Command): void {
  program
    .command("down")
    .description("delete the lab's stack, sweep what its tag still marks, and prove that nothing tagged remains")
    .option("--spec <file>", "lab spec (default: the built-in lab moon)")
    .option("--endpoint-url <url>", "AWS API endpoint (an emulator such as moto)")
    .option("--yes", "confirm without asking (scripts); without it, down asks on a terminal and refuses elsewhere")
    .option("--json", "print the result as one JSON document (progress stays on stderr)")
    .action(async (o: { spec?: string; endpointUrl?: string; yes?: boolean; json?: boolean }) => {
      const p = await prepareLifecycle(o, (l) => process.stderr.write(`${l}\n`));
      const lab0 = p.ctx.plan.lab;
      await confirmDestructive({
        yes: o.yes === true,
        what: `moonlab down deletes lab ${lab0}'s stack and everything tagged moonlab:lab=${lab0}`,
        word: lab0,
        io: terminalIo(),
      });
      const r = await down(p.ctx);
      const lab = p.ctx.plan.lab;
      if (o.json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
      else if (r.remaining.length === 0) {
        process.stdout.write(
          `down: stack ${r.stackStatus}; swept ${r.swept.length}; nothing tagged moonlab:lab=${lab} remains\n`,
        );
      } else {
        process.stdout.write(
          `down: stack ${r.stackStatus}; still tagged moonlab:lab=${lab}:\n${r.remaining.map((x) => `  ${x}`).join("\n")}\n`,
        );
      }
      if (r.remaining.length > 0) process.exitCode = 1;
    });
}
