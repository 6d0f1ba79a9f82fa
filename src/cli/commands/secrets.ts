// moonlab secrets init|show|export|import|set-tailscale-key: the lab's Talos secrets, age-encrypted beside the spec.

import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { loadLab } from "../../plan/load-lab.ts";
import { outDirOf } from "../../render/out-dir.ts";
import {
  describeSecrets,
  exportSecrets,
  importSecrets,
  initSecrets,
  setTailscaleKey,
  writePrivateFile,
} from "../../secrets/manage.ts";

const ctxOf = (spec: string | undefined, out: string | undefined) => {
  const lab = loadLab(spec);
  return { ...lab, outDir: outDirOf(out, lab.plan.lab) };
};

export function register(program: Command): void {
  const cmd = program
    .command("secrets")
    .description("the lab's Talos secrets bundle (generated once, age-encrypted in <spec dir>/.moonlab/<lab>/)");
  cmd
    .command("init")
    .description("generate the bundle if the lab has none (never replaces one)")
    .option("--spec <file>", "lab spec (default: the built-in lab moon)")
    .option("--out <dir>", "output root to protect (default: out/<lab name>)")
    .action(async (o: { spec?: string; out?: string }) => {
      const r = await initSecrets(ctxOf(o.spec, o.out));
      process.stdout.write(
        `${r.created ? "generated" : "already present"}: ${r.paths.bundle}\nage identity (keep it safe, outside the repo): ${r.paths.identity}\n`,
      );
    });
  cmd
    .command("show")
    .description("summarize the bundle (no secret values)")
    .option("--spec <file>", "lab spec")
    .action(async (o: { spec?: string }) => {
      process.stdout.write(`${(await describeSecrets(ctxOf(o.spec, undefined))).join("\n")}\n`);
    });
  cmd
    .command("export <file>")
    .description("write the bundle as a `talosctl gen secrets` YAML (plaintext, mode 0600; - for stdout)")
    .option("--spec <file>", "lab spec")
    .action(async (file: string, o: { spec?: string }) => {
      const yaml = await exportSecrets(ctxOf(o.spec, undefined));
      if (file === "-") process.stdout.write(yaml);
      else writePrivateFile(file, yaml);
    });
  cmd
    .command("import <file>")
    .description("adopt a `talosctl gen secrets` YAML as the lab's bundle (refuses to replace one without --force)")
    .option("--spec <file>", "lab spec")
    .option("--force", "replace an existing bundle (changes the cluster's PKI)")
    .action(async (file: string, o: { spec?: string; force?: boolean }) => {
      await importSecrets(ctxOf(o.spec, undefined), file, { force: o.force === true });
      process.stdout.write(`imported ${file}\n`);
    });
  cmd
    .command("set-tailscale-key")
    .description("store the gateway's Tailscale auth key, read from stdin (MOONLAB_TAILSCALE_AUTHKEY overrides it)")
    .option("--spec <file>", "lab spec")
    .action(async (o: { spec?: string }) => {
      const p = await setTailscaleKey(ctxOf(o.spec, undefined), readFileSync(0, "utf8"));
      process.stdout.write(`stored ${p.tailscale}\n`);
    });
}
