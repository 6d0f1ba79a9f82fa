// moonlab up [--spec FILE] [--endpoint-url URL]: create or update the lab stack through a change set.
import type { Command } from "commander";
import { recordBringUp, stepClock } from "../../app/record-run.ts";
import { prepareLifecycle } from "../../lifecycle/prepare.ts";
import { up } from "../../lifecycle/up.ts";

export function register(program: Command): void {
  program
    .command("up")
    .description("create or update the lab's AWS stack through a change set (resumable); nothing is woken")
    .option("--spec <file>", "lab spec (default: the built-in lab moon)")
    .option("--endpoint-url <url>", "AWS API endpoint (an emulator such as moto)")
    .option("--node-ami <id>", "node AMI id instead of resolving it with DescribeImages")
    .option("--ami-owner <account>", "owner account to search for the node AMI")
    .option("--force", "deploy even when the budget guard refuses")
    .option("--json", "print the result as one JSON document (progress stays on stderr)")
    .action(
      async (o: {
        spec?: string;
        endpointUrl?: string;
        nodeAmi?: string;
        amiOwner?: string;
        force?: boolean;
        json?: boolean;
      }) => {
        const clock = stepClock((l) => process.stderr.write(`${l}\n`));
        const p = await prepareLifecycle(o, clock.log);
        const r = await up(p.ctx, {
          template: p.template,
          ...(o.nodeAmi ? { nodeAmi: o.nodeAmi } : {}),
          ...(o.amiOwner ? { amiOwner: o.amiOwner } : {}),
          force: o.force === true,
          ...(p.billing ? { billing: p.billing } : {}),
        });
        recordBringUp(o.spec, "up", o.endpointUrl, clock);
        if (o.json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
        else
          process.stdout.write(
            `${r.stack}: ${r.status}${r.changed ? "" : " (no changes)"}; node AMI ${r.nodeAmi}; default security group: ${r.defaultRulesRevoked} rules revoked\n`,
          );
      },
    );
}
