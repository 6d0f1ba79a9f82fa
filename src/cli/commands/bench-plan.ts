// moonlab bench-plan [--spec FILE] [--rounds N] [--json]: plan vs a bare CDK synth of the same stack, one run.
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { benchPlan, formatBenchPlan } from "../../app/bench-plan.ts";
import { UsageError } from "../../errors.ts";

const MAIN = fileURLToPath(new URL("../main.ts", import.meta.url));

export function register(program: Command): void {
  program
    .command("bench-plan")
    .description("benchmark: plan vs a bare in-process CDK synth of the same stack, and the CPU of --help and validate")
    .option("--spec <file>", "lab spec (default: ./lab.yaml, else the built-in lab moon)")
    .option("--rounds <n>", "rounds of each side (medians are reported)", "3")
    .option("--json", "print the figures as JSON")
    .option("--verbose", "also print every round's figures (with --json they are always there)")
    .action((o: { spec?: string; rounds: string; json?: boolean; verbose?: boolean }) => {
      const rounds = Number(o.rounds);
      if (!Number.isInteger(rounds) || rounds < 1)
        throw new UsageError(`--rounds wants a whole number >= 1, got ${o.rounds}`);
      const r = benchPlan({ ...(o.spec ? { spec: o.spec } : {}), rounds, mainPath: MAIN });
      process.stdout.write(o.json ? `${JSON.stringify(r, null, 2)}\n` : formatBenchPlan(r, o.verbose === true));
    });
}
