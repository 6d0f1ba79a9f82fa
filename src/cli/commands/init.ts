// moonlab init [--out FILE] [--force]: writes lab.yaml from the built-in default lab, with the schema reference.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { Command } from "commander";
import { UsageError } from "../../errors.ts";
import { DEFAULT_SPEC_PATH } from "../../plan/load-lab.ts";

export function register(program: Command): void {
  program
    .command("init")
    .description("write lab.yaml from the built-in default lab (moon)")
    .option("--out <file>", "where to write", "lab.yaml")
    .option("--force", "overwrite an existing file")
    .action((o: { out: string; force?: boolean }) => {
      if (existsSync(o.out) && !o.force) throw new UsageError(`${o.out} exists; use --force to overwrite it`);
      const text = readFileSync(DEFAULT_SPEC_PATH, "utf8").replace(
        /^# yaml-language-server: \$schema=.*$/m,
        "# yaml-language-server: $schema=https://moonlab.dev/schema/lab.schema.json (or the output of `moonlab schema`)",
      );
      writeFileSync(o.out, text);
      process.stdout.write(`wrote ${o.out}; edit it, then run: moonlab plan --spec ${o.out}\n`);
    });
}
