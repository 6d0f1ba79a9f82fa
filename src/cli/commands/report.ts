// moonlab report [--spec FILE] [--out DIR]: see src/app/report-lab.ts.

import { resolve } from "node:path";
import type { Command } from "commander";
import { presentFromSpec } from "../../app/report-lab.ts";
import { printWarnings } from "../output.ts";

export function register(program: Command): void {
  program
    .command("report")
    .description(
      "write a static, self-contained HTML report of the lab to <out>/report/ (diagram, acceptance suite with evidence and history, cost chart, timings)",
    )
    .option("--spec <file>", "lab spec (default: the built-in lab moon)")
    .option("--out <dir>", "output root (default: out/<lab name>)")
    .action(async (o: { spec?: string; out?: string }) => {
      const { lab, presented: r } = await presentFromSpec("report", o);
      printWarnings(lab.warnings);
      for (const u of r.unreadable) process.stderr.write(`moonlab: unreadable record ${u}\n`);
      process.stdout.write(
        `wrote ${resolve(r.dir)}/index.html (${r.files} files, ${r.written.written.length} changed; ${r.runs} recorded runs, ${r.timings} timing records)\n`,
      );
    });
}
