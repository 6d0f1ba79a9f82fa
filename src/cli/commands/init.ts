// moonlab init [--target home|local|aws] [--out FILE] [--force]: writes lab.yaml for a target (src/app/init-lab.ts).
import type { Command } from "commander";
import { initLab } from "../../app/init-lab.ts";

export function register(program: Command): void {
  program
    .command("init")
    .description("write lab.yaml for a target (home, local or aws)")
    .option("--target <target>", "home (your L2 network), local (rehearsed in a namespace) or aws", "aws")
    .option("--out <file>", "where to write", "lab.yaml")
    .option("--force", "overwrite an existing file")
    .action((o: { target: string; out: string; force?: boolean }) => {
      const r = initLab({ out: o.out, target: o.target, force: o.force === true });
      process.stdout.write(
        `wrote ${o.out} (target ${r.target}; editor schema ${r.schema}); edit it, then\nnext: ${r.next}\n`,
      );
    });
}
