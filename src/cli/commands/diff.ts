// moonlab diff [--spec FILE] [--endpoint-url URL]: the change set up would apply, and any widening of exposure.
import type { Command } from "commander";
import { diff } from "../../lifecycle/diff.ts";
import { prepareLifecycle } from "../../lifecycle/prepare.ts";

export function register(program: Command): void {
  program
    .command("diff")
    .description("show the change set `up` would execute and highlight any widening of network exposure")
    .option("--spec <file>", "lab spec (default: the built-in lab moon)")
    .option("--endpoint-url <url>", "AWS API endpoint (an emulator such as moto)")
    .option("--node-ami <id>", "node AMI id instead of resolving it with DescribeImages")
    .option("--ami-owner <account>", "owner account to search for the node AMI")
    .option("--json", "print the result as one JSON document (progress stays on stderr)")
    .action(async (o: { spec?: string; endpointUrl?: string; nodeAmi?: string; amiOwner?: string; json?: boolean }) => {
      const p = await prepareLifecycle(o, (l) => process.stderr.write(`${l}\n`));
      const r = await diff(p.ctx, {
        template: await p.template(),
        ...(o.nodeAmi ? { nodeAmi: o.nodeAmi } : {}),
        ...(o.amiOwner ? { amiOwner: o.amiOwner } : {}),
      });
      if (o.json) {
        process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
        return;
      }
      const out = [
        r.changes.length === 0 ? "no changes" : `${r.changes.length} changes:`,
        ...r.changes.map((c) => `  ${c}`),
        r.widening.length === 0 ? "exposure: not widened" : `EXPOSURE WIDENED (${r.widening.length}):`,
        ...r.widening.map((w) => `  + ${w}`),
      ];
      process.stdout.write(`${out.join("\n")}\n`);
    });
}
