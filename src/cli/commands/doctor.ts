// moonlab doctor [--spec FILE]: the operator tools wake shells out to, the versions wanted and found; exit 2 when one
// is missing.
import type { Command } from "commander";
import { ExecOperator } from "../../adapters/operator/exec-operator.ts";
import { doctor, formatDoctor, needsSessionPlugin } from "../../app/doctor.ts";
import { loadLab } from "../../plan/load-lab.ts";

export function register(program: Command): void {
  program
    .command("doctor")
    .description(
      "list the operator tools wake needs (talosctl, kubectl, helm, bash; session-manager-plugin when the bastion is reached over SSM): wanted and found versions",
    )
    .option("--spec <file>", "lab spec (default: the built-in lab moon)")
    .option("--json", "machine-readable output")
    .action(async (o: { spec?: string; json?: boolean }) => {
      const plan = loadLab(o.spec).plan;
      const rows = await doctor(new ExecOperator(), plan.talos.version, { sessionPlugin: needsSessionPlugin(plan) });
      process.stdout.write(o.json ? `${JSON.stringify(rows, null, 2)}\n` : formatDoctor(rows));
      if (rows.some((r) => r.status === "missing")) process.exitCode = 2;
    });
}
