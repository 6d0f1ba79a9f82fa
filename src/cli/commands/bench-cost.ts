// moonlab bench-cost [--spec FILE] [--runs N]: the benchmark of the cost model, ratios measured in one run:
// the lab-hour cost vs the same fleet on all month, and vs the NAT gateway and EKS variants.
import type { Command } from "commander";
import { estimateCost } from "../../cost-model/estimate.ts";
import { benchRatios, formatBench } from "../../cost-model/report.ts";
import { UsageError } from "../../errors.ts";
import { loadLab } from "../../plan/load-lab.ts";

export function register(program: Command): void {
  program
    .command("bench-cost")
    .description("benchmark: lab-hour cost vs the fleet on all month, with a NAT gateway, and on EKS")
    .option("--spec <file>", "lab spec (default: the built-in lab moon)")
    .option("--runs <n>", "how many times to compute the estimate for the timing line", "1000")
    .option("--json", "print the ratios as JSON")
    .action((o: { spec?: string; runs: string; json?: boolean }) => {
      const runs = Number(o.runs);
      if (!Number.isInteger(runs) || runs < 1) throw new UsageError(`--runs wants a whole number >= 1, got ${o.runs}`);
      const lab = loadLab(o.spec);
      if (lab.plan.target !== "aws")
        throw new UsageError(`lab ${lab.plan.lab} targets ${lab.plan.target}: nothing to price`);
      const t0 = performance.now();
      let e = estimateCost(lab.plan);
      for (let i = 1; i < runs; i++) e = estimateCost(lab.plan);
      const ms = performance.now() - t0;
      const r = benchRatios(e);
      if (o.json)
        process.stdout.write(
          `${JSON.stringify({ lab: e.lab, region: e.region, ...r, runs, elapsedMs: ms }, null, 2)}\n`,
        );
      else process.stdout.write(formatBench(e, r, ms, runs));
    });
}
