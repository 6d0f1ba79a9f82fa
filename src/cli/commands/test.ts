// moonlab test [--spec FILE] [--live] [--junit FILE] [--json]: the acceptance suite, plan mode and optionally live.

import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { againstOf, labStateDir, recordTestRun } from "../../app/record-run.ts";
import { type TestLabOptions, testLab } from "../../app/test-lab.ts";
import { formatConsole } from "../../checks/reporters/console.ts";
import { formatJson } from "../../checks/reporters/json.ts";
import { formatJunit } from "../../checks/reporters/junit.ts";
import { type Result, succeeded } from "../../checks/result.ts";
import { UsageError } from "../../errors.ts";
import { type LoadedLab, loadLab } from "../../plan/load-lab.ts";
import { outDirOf } from "../../render/out-dir.ts";
import { resolveSecrets } from "../../secrets/resolve.ts";
import type { LabSecrets } from "../../secrets/types.ts";
import { printWarnings, useColor } from "../output.ts";
import { runSteps } from "../progress.ts";

export function register(program: Command): void {
  program
    .command("test")
    .description("run the acceptance suite: plan mode over the rendered artifacts, and live mode with --live")
    .option("--spec <file>", "lab spec (default: the built-in lab moon)")
    .option("--out <dir>", "check the tree `moonlab plan --out DIR` wrote instead of rendering again")
    .option("--live", "also run live checks against the deployed lab")
    .option("--endpoint-url <url>", "AWS API endpoint (e.g. an emulator)")
    .option("--kubeconfig <file>", "kubeconfig of the lab cluster")
    .option("--talosconfig <file>", "talosconfig of the lab")
    .option("--probe-ssh", "probe SSH reachability of the bastion")
    .option("--bastion-ssh <user@host[:port]>", "reach the bastion over SSH (live T03/T04/T10 checks run from it)")
    .option("--ssh-key <file>", "private key for --bastion-ssh (default: the SSH agent)")
    .option("--bastion-local", "moonlab runs on the bastion itself (home lab)")
    .option("--registries <how>", "read image manifests for T05's architecture check: direct or bastion (its caches)")
    .option("--no-record", "do not keep this run under .moonlab/<lab>/runs/ (the report's history)")
    .option("--junit <file>", "also write a JUnit XML report")
    .option("--json", "print results as JSON")
    .option("--verbose", "print evidence for passing checks too")
    .action(async (o: TestFlags) => {
      const options = testOptions(o);
      // Progress from the first second (on stderr; silent with --json): the render alone takes seconds.
      const ctx = await runSteps<{ lab?: LoadedLab; secrets?: LabSecrets; results?: Result[] }>(
        {},
        [
          {
            title: "validate the spec and resolve the plan",
            run: (c) => {
              c.lab = loadLab(o.spec);
            },
          },
          {
            title: "load the lab's secrets",
            run: async (c) => {
              const l = need(c.lab);
              c.secrets = await resolveSecrets({ ...l, outDir: outDirOf(o.out, l.plan.lab) });
            },
          },
          {
            title: `${o.out ? `read ${o.out}` : "render"} and run the plan checks${o.live ? ", then the live checks" : ""}`,
            run: async (c) => {
              c.results = await testLab(need(c.lab).plan, need(c.secrets), options);
            },
          },
        ],
        o.json === true,
      );
      const lab = need(ctx.lab);
      const results = need(ctx.results);
      if (o.record !== false)
        recordTestRun(
          labStateDir(lab.specDir, lab.plan.lab),
          lab.plan,
          results,
          o.live ? "plan+live" : "plan",
          againstOf(lab.plan, options),
        );
      if (o.junit) writeFileSync(o.junit, formatJunit(results, `moonlab ${lab.plan.lab}`));
      if (o.json) process.stdout.write(formatJson(results, { lab: lab.plan.lab, mode: o.live ? "plan+live" : "plan" }));
      else {
        printWarnings(lab.warnings, o.verbose === true);
        process.stdout.write(formatConsole(results, { color: useColor(), verbose: o.verbose === true }));
      }
      process.exitCode = succeeded(results) ? 0 : 1;
    });
}

interface TestFlags {
  spec?: string;
  out?: string;
  live?: boolean;
  endpointUrl?: string;
  kubeconfig?: string;
  talosconfig?: string;
  probeSsh?: boolean;
  bastionSsh?: string;
  sshKey?: string;
  bastionLocal?: boolean;
  junit?: string;
  json?: boolean;
  verbose?: boolean;
  registries?: string;
  record?: boolean;
}

/** The flags as testLab's options (only the ones given). */
function testOptions(o: TestFlags): TestLabOptions {
  if (o.registries !== undefined && o.registries !== "direct" && o.registries !== "bastion")
    throw new UsageError(`--registries ${o.registries}: expected direct or bastion`);
  return {
    live: o.live === true,
    ...(o.out ? { planDir: o.out } : {}),
    ...(o.endpointUrl ? { endpointUrl: o.endpointUrl } : {}),
    ...(o.kubeconfig ? { kubeconfig: o.kubeconfig } : {}),
    ...(o.talosconfig ? { talosconfig: o.talosconfig } : {}),
    ...(o.probeSsh ? { probeSsh: true } : {}),
    ...(o.bastionSsh ? { bastionSsh: o.bastionSsh } : {}),
    ...(o.sshKey ? { sshKey: o.sshKey } : {}),
    ...(o.bastionLocal ? { bastionLocal: true } : {}),
    ...(o.registries === "direct" || o.registries === "bastion" ? { registries: o.registries } : {}),
  };
}

function need<T>(v: T | undefined): T {
  if (v === undefined) throw new Error("step did not run");
  return v;
}
