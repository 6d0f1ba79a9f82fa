// moonlab rehearse [--spec FILE] [--keep] [--firmware bios|uefi|mixed] [--talos-assets DIR] [--json]: the local
// target's bastion bundle run for real in a network namespace, the nodes netbooted through it as qemu VMs.
import type { Command } from "commander";
import { labStateDir, recordRehearsal } from "../../app/record-run.ts";
import { formatConsole } from "../../checks/reporters/console.ts";
import { UsageError } from "../../errors.ts";
import { loadLab } from "../../plan/load-lab.ts";
import { rehearseArm64Direct } from "../../rehearse/arm64.ts";
import { type FirmwareChoice, type RehearsalReport, rehearse, storedSecrets } from "../../rehearse/rehearse.ts";
import { formatRehearsal } from "../../rehearse/report.ts";
import { useColor } from "../output.ts";
import { registerCluster } from "./rehearse-cluster.ts";

const LOCAL_SPEC = new URL("../../../examples/local.lab.yaml", import.meta.url).pathname;

export function register(program: Command): void {
  // Positional options: `rehearse cluster --spec X` gives --spec to the subcommand, not to `rehearse`.
  const rehearseCommand = program.command("rehearse").enablePositionalOptions();
  registerCluster(rehearseCommand);
  rehearseCommand
    .description(
      "bring the local target's bastion bundle up in a network namespace (dnsmasq, matchbox, registry caches) and netboot its nodes as qemu VMs through it, then run the live T03/T04 checks (root)",
    )
    .option("--spec <file>", "lab spec with target: local", LOCAL_SPEC)
    .option("--keep", "leave everything running after the checks until Ctrl-C")
    .option("--firmware <kind>", "bios | uefi | mixed (alternating per node)", "mixed")
    .option(
      "--talos-assets <dir>",
      "boot real Talos from this directory (fetch-boot-assets.sh layout) instead of the test payload",
    )
    .option(
      "--work-dir <dir>",
      "keep logs and files here (default: a temporary directory, removed after a passing run)",
    )
    .option("--timeout <seconds>", "per-node boot timeout", "180")
    .option("--json", "print the report as JSON")
    .action(
      async (o: {
        spec: string;
        keep?: boolean;
        firmware: string;
        talosAssets?: string;
        workDir?: string;
        timeout: string;
        json?: boolean;
      }) => {
        if (!["bios", "uefi", "mixed"].includes(o.firmware))
          throw new UsageError(`--firmware must be bios, uefi or mixed (received ${JSON.stringify(o.firmware)})`);
        const timeout = Number(o.timeout);
        if (!Number.isFinite(timeout) || timeout <= 0)
          throw new UsageError(`--timeout must be a positive number of seconds`);
        if (process.getuid?.() !== 0)
          throw new UsageError("rehearse creates network namespaces and tap devices: run it as root");
        const lab = loadLab(o.spec);
        const secrets = await storedSecrets(lab);
        if (lab.plan.arch === "arm64") {
          // Debian ships no arm64 iPXE: the arm64 rehearsal boots each node directly (docs/rehearse.md).
          const d = await rehearseArm64Direct(lab, secrets, {
            ...(o.workDir ? { workDir: o.workDir } : {}),
            bootTimeoutMs: timeout * 1000,
            ...(o.json ? {} : { log: (line: string) => process.stderr.write(`rehearse: ${line}\n`) }),
          });
          if (o.json) process.stdout.write(`${JSON.stringify(d, null, 2)}\n`);
          else
            for (const n of d.nodes)
              process.stdout.write(
                `${n.ok ? "PASS" : "FAIL"} ${n.name} ${n.mac} arm64 direct boot\n${(n.ok ? n.evidence : n.problems).map((e) => `  ${e}\n`).join("")}`,
              );
          process.exitCode = d.ok ? 0 : 1;
          return;
        }
        const print = (r: RehearsalReport) =>
          process.stdout.write(
            o.json ? `${JSON.stringify(r, null, 2)}\n` : formatRehearsal(r, formatConsole, useColor()),
          );
        const report = await rehearse(lab, secrets, {
          firmware: o.firmware as FirmwareChoice,
          keep: o.keep === true,
          ...(o.talosAssets ? { talosAssets: o.talosAssets } : {}),
          ...(o.workDir ? { workDir: o.workDir } : {}),
          bootTimeoutMs: timeout * 1000,
          log: o.json ? undefined : (line) => process.stderr.write(`rehearse: ${line}\n`),
          onKept: print,
        });
        print(report);
        recordRehearsal(labStateDir(lab.specDir, lab.plan.lab), report);
        process.exitCode = report.ok ? 0 : 1;
      },
    );
}
