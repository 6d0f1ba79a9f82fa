// moonlab wake [--spec FILE] [--endpoint-url URL]: bastion to 1 and nodes launched now, independent of the schedule.
import type { Command } from "commander";
import { recordBringUp, stepClock } from "../../app/record-run.ts";
import { prepare } from "../../lifecycle/prepare.ts";
import { wake } from "../../lifecycle/sleep-wake.ts";

export function register(program: Command): void {
  program
    .command("wake")
    .description("wake the lab now: bastion group desired 1, nodes launched from their launch templates")
    .option("--spec <file>", "lab spec (default: the built-in lab moon)")
    .option("--endpoint-url <url>", "AWS API endpoint (an emulator such as moto)")
    .option("--bastion-only", "wake only the bastion")
    .option("--force", "wake even when the budget guard refuses")
    .action(async (o: { spec?: string; endpointUrl?: string; bastionOnly?: boolean; force?: boolean }) => {
      const clock = stepClock((l) => process.stderr.write(`${l}\n`));
      const p = await prepare(o, clock.log);
      const r = await wake(p.ctx, {
        force: o.force === true,
        bastionOnly: o.bastionOnly === true,
        ...(p.billing ? { billing: p.billing } : {}),
      });
      recordBringUp(o.spec, "wake", o.endpointUrl, clock);
      process.stdout.write(`awake: bastion group ${r.bastionGroup} desired ${r.desired}, ${r.nodes.length} nodes\n`);
    });
}
