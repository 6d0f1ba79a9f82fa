// moonlab wake: the lab from asleep to the acceptance suite as a resumable step graph (docs/bring-up.md); on AWS and
// at home (nodes by hand or Wake-on-LAN). `--bastion-only` without a bastion connection keeps the old quick wake.
import type { Command } from "commander";
import { recordBringUp, stepClock } from "../../app/record-run.ts";
import { prepareWake, saveTimings } from "../../app/wake-lab.ts";
import { prepareLifecycle } from "../../lifecycle/prepare.ts";
import { wake } from "../../lifecycle/sleep-wake.ts";
import { StepFailedError } from "../../lifecycle/step-graph.ts";
import { formatTimings, runGraphWithProgress } from "../step-progress.ts";

interface WakeCliOptions {
  spec?: string;
  endpointUrl?: string;
  bastionOnly?: boolean;
  force?: boolean;
  bastionSsh?: string;
  sshKey?: string;
  bastionLocal?: boolean;
  wolBroadcast?: string;
  until?: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command("wake")
    .description("bring the lab up: bastion, machine configs, nodes, etcd, kubeconfig, CozyStack, Flux, live suite")
    .option("--spec <file>", "lab spec (default: the built-in lab moon)")
    .option("--endpoint-url <url>", "AWS API endpoint (an emulator such as moto)")
    .option(
      "--bastion-ssh <user@host[:port]>",
      "SSH to the bastion with your own key (default on AWS: a session key over SSM, or SSH to a spec ssh source)",
    )
    .option("--ssh-key <file>", "private key for --bastion-ssh (default: the SSH agent)")
    .option("--bastion-local", "moonlab runs on the bastion itself (home)")
    .option("--wol-broadcast <address>", "home: wake the nodes with Wake-on-LAN to this broadcast address")
    .option("--until <step>", "stop after this step (bastion, configs, talosconfig, nodes, booting, etcd, ...)")
    .option("--bastion-only", "only the bastion (without a bastion connection: set the group to 1 and return)")
    .option("--force", "wake even when the budget guard refuses")
    .option("--json", "print the result as one JSON document (progress stays on stderr)")
    .action(async (o: WakeCliOptions) => {
      const clock = stepClock((l) => process.stderr.write(`${l}\n`));
      const log = clock.log;
      if (o.bastionOnly && o.bastionSsh === undefined && !o.bastionLocal) {
        const p = await prepareLifecycle(o, log);
        const r = await wake(p.ctx, {
          force: o.force === true,
          bastionOnly: true,
          ...(p.billing ? { billing: p.billing } : {}),
        });
        recordBringUp(o.spec, "wake", o.endpointUrl, clock);
        if (o.json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
        else process.stdout.write(`awake: bastion group ${r.bastionGroup} desired ${r.desired}\n`);
        return;
      }
      const w = await prepareWake({ ...o, log });
      try {
        const until = o.until ?? (o.bastionOnly ? "configs" : undefined);
        const report = await runGraphWithProgress(w.steps, w.ctx, until !== undefined ? { until } : {}).catch(
          (e: unknown) => {
            if (e instanceof StepFailedError) saveTimings(w.ctx, { steps: e.outcomes });
            throw e;
          },
        );
        log(`timings: ${saveTimings(w.ctx, report)}`);
        recordBringUp(o.spec, "wake", o.endpointUrl, clock);
        const s = w.ctx.state.acceptance;
        if (o.json) process.stdout.write(`${JSON.stringify({ ...report, acceptance: s }, null, 2)}\n`);
        else {
          process.stdout.write(formatTimings(report));
          if (s)
            process.stdout.write(`acceptance: ${s.pass} pass, ${s.fail} fail, ${s.notApplicable} not applicable\n`);
        }
      } finally {
        await w.close();
      }
    });
}
