// moonlab bench-boot [--spec FILE] [--firmware bios|uefi] [--rounds N]: time from qemu start to phone-home through
// the whole netboot chain vs a direct -kernel boot of the same payload, printed as a ratio (one run, root).
import type { Command } from "commander";
import { labStateDir, recordBench } from "../../app/record-run.ts";
import { UsageError } from "../../errors.ts";
import { loadLab } from "../../plan/load-lab.ts";
import { benchBoot } from "../../rehearse/bench.ts";
import { storedSecrets } from "../../rehearse/rehearse.ts";

const LOCAL_SPEC = new URL("../../../examples/local.lab.yaml", import.meta.url).pathname;

export function register(program: Command): void {
  program
    .command("bench-boot")
    .description(
      "time qemu start -> phone-home through dnsmasq -> iPXE -> matchbox vs a direct -kernel boot of the same payload (root)",
    )
    .option("--spec <file>", "lab spec with target: local", LOCAL_SPEC)
    .option("--firmware <kind>", "bios (NIC ROM iPXE) or uefi (OVMF PXE -> TFTP ipxe.efi -> iPXE)", "bios")
    .option("--rounds <n>", "rounds (medians are reported)", "1")
    .option("--json", "print the result as JSON")
    .action(async (o: { spec: string; firmware: string; rounds: string; json?: boolean }) => {
      if (o.firmware !== "bios" && o.firmware !== "uefi")
        throw new UsageError(`--firmware must be bios or uefi (received ${JSON.stringify(o.firmware)})`);
      const rounds = Number(o.rounds);
      if (!Number.isInteger(rounds) || rounds < 1 || rounds > 10) throw new UsageError("--rounds must be 1-10");
      if (process.getuid?.() !== 0) throw new UsageError("bench-boot creates network namespaces: run it as root");
      const lab = loadLab(o.spec);
      const r = await benchBoot(lab, await storedSecrets(lab), {
        firmware: o.firmware,
        rounds,
        log: o.json ? undefined : (l) => process.stderr.write(`bench-boot: ${l}\n`),
      });
      recordBench(labStateDir(lab.specDir, lab.plan.lab), lab.plan.lab, r);
      if (o.json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
      else
        process.stdout.write(
          `${r.node} (${r.firmware}, ${r.rounds.length} round${r.rounds.length === 1 ? "" : "s"}): ` +
            `netboot chain ${r.chainSeconds.toFixed(1)} s, direct -kernel ${r.directSeconds.toFixed(1)} s, ` +
            `ratio ${r.ratio.toFixed(2)}x\n`,
        );
    });
}
