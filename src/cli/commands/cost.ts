// moonlab cost [--spec FILE] [--json] [--live --endpoint-url URL]: the plan's price, item by item, with totals,
// the free-tier assumption and the NAT/EKS comparisons; --live adds month-to-date spend from Cost Explorer.
import type { Command } from "commander";
import { createAwsBillingPort } from "../../adapters/aws/billing.ts";
import { estimateCost } from "../../cost-model/estimate.ts";
import { unexpectedCharges } from "../../cost-model/expected-services.ts";
import { usd } from "../../cost-model/format.ts";
import { formatCostReport } from "../../cost-model/report.ts";
import { loadLab } from "../../plan/load-lab.ts";
import { costJson } from "../../render/cost/index.ts";
import { printWarnings } from "../output.ts";

export function register(program: Command): void {
  program
    .command("cost")
    .description("price the lab item by item: at rest, one session, a month, and the NAT gateway and EKS variants")
    .option("--spec <file>", "lab spec (default: the built-in lab moon)")
    .option("--json", "print the estimate as JSON (the same as <out>/cost.json)")
    .option("--live", "also read month-to-date spend from Cost Explorer")
    .option("--endpoint-url <url>", "AWS API endpoint (e.g. an emulator)")
    .option("--verbose", "print acknowledged warnings in full")
    .action(async (o: { spec?: string; json?: boolean; live?: boolean; endpointUrl?: string; verbose?: boolean }) => {
      const lab = loadLab(o.spec);
      const e = estimateCost(lab.plan);
      printWarnings(lab.warnings, o.verbose === true);
      if (o.json) process.stdout.write(costJson(e));
      else process.stdout.write(formatCostReport(e));
      const over = e.atRest.totalUsd > lab.plan.budget.atRestMonthly || e.session.totalUsd > lab.plan.budget.perSession;
      let liveOver = false;
      if (o.live && lab.plan.target === "aws") {
        const m = await createAwsBillingPort(o.endpointUrl ? { endpointUrl: o.endpointUrl } : {}).monthToDateCost();
        const bad = unexpectedCharges(lab.plan, m.byService);
        liveOver = m.totalUsd > lab.plan.budget.monthly || bad.length > 0;
        const lines = [
          `month to date (Cost Explorer): ${usd(m.totalUsd)} of budget.monthly ${usd(lab.plan.budget.monthly)}`,
          ...Object.entries(m.byService).map(([s, v]) => `  ${s}: ${usd(v)}`),
          ...bad.map(([s]) => `  unexpected service: ${s}`),
        ];
        (o.json ? process.stderr : process.stdout).write(`${lines.join("\n")}\n`);
      }
      process.exitCode = over || liveOver || e.unpriced.length > 0 ? 1 : 0;
    });
}
