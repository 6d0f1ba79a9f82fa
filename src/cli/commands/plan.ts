// moonlab plan [--spec FILE] [--out DIR]: the main job; renders the lab, writes the tree, runs the plan checks.

import { resolve } from "node:path";
import type { Command } from "commander";
import { assertOutDirUsable, type Rendered, renderAndCheck, writeRendered } from "../../app/plan-lab.ts";
import { formatConsole } from "../../checks/reporters/console.ts";
import { formatJson } from "../../checks/reporters/json.ts";
import { succeeded } from "../../checks/result.ts";
import { type LoadedLab, loadLab } from "../../plan/load-lab.ts";
import { outDirOf } from "../../render/out-dir.ts";
import type { WriteReport } from "../../render/write.ts";
import { resolveSecrets } from "../../secrets/resolve.ts";
import type { LabSecrets } from "../../secrets/types.ts";
import { printWarnings, useColor } from "../output.ts";
import { runSteps } from "../progress.ts";

interface Ctx {
  told: string[];
  lab?: LoadedLab;
  secrets?: LabSecrets;
  rendered?: Rendered;
  written?: WriteReport;
}

export function register(program: Command): void {
  program
    .command("plan")
    .description("validate, render every artifact family into --out, and run the plan-mode acceptance checks")
    .option("--spec <file>", "lab spec (default: the built-in lab moon)")
    .option("--out <dir>", "output root (default: out/<lab name>)")
    .option("--json", "print the check results as JSON")
    .option("--verbose", "print evidence for passing checks and acknowledged warnings in full")
    .option("--age-key-file <file>", "the age identity of the lab's secrets (sets MOONLAB_AGE_KEY_FILE for this run)")
    .option("--force", "write into a non-empty --out folder moonlab did not write")
    .action(
      async (o: {
        spec?: string;
        out?: string;
        json?: boolean;
        verbose?: boolean;
        ageKeyFile?: string;
        force?: boolean;
      }) => {
        const ctx = await runSteps<Ctx>(
          { told: [] },
          [
            {
              title: "validate the spec and resolve the plan",
              run: (c) => {
                c.lab = loadLab(o.spec);
                assertOutDirUsable(outDirOf(o.out, c.lab.plan.lab), { force: o.force === true });
              },
            },
            {
              title: "load the lab's secrets",
              run: async (c) => {
                const lab = need(c.lab);
                c.secrets = await resolveSecrets({
                  ...lab,
                  outDir: outDirOf(o.out, lab.plan.lab),
                  ...(o.ageKeyFile ? { env: { ...process.env, MOONLAB_AGE_KEY_FILE: o.ageKeyFile } } : {}),
                  tell: (m) => c.told.push(m),
                });
              },
            },
            {
              title: "render artifacts and run plan checks",
              run: async (c) => {
                c.rendered = await renderAndCheck(need(c.lab).plan, need(c.secrets));
              },
            },
            {
              title: "write the tree",
              run: (c) => {
                c.written = writeRendered(outDirOf(o.out, need(c.lab).plan.lab), need(c.rendered), {
                  force: o.force === true,
                });
              },
            },
          ],
          o.json === true,
        );
        // What the secrets step used and created (where, and what to back up): on stderr, also with --json.
        for (const m of ctx.told) process.stderr.write(`${m}\n`);
        const lab = need(ctx.lab);
        const rendered = need(ctx.rendered);
        const written = need(ctx.written);
        const out = resolve(outDirOf(o.out, lab.plan.lab));
        if (o.json) process.stdout.write(formatJson(rendered.results, { lab: lab.plan.lab, mode: "plan", out }));
        else {
          printWarnings(lab.warnings, o.verbose === true);
          process.stdout.write(formatConsole(rendered.results, { color: useColor(), verbose: o.verbose === true }));
          process.stdout.write(
            `wrote ${out}: ${rendered.artifacts.length} files (${written.written.length} changed, ${written.unchanged.length} unchanged, ${written.removed.length} removed)\n`,
          );
        }
        process.exitCode = succeeded(rendered.results) ? 0 : 1;
      },
    );
}

function need<T>(v: T | undefined): T {
  if (v === undefined) throw new Error("step did not run");
  return v;
}
