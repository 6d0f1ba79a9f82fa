// moonlab schematic id FILE|- | list: Image Factory schematic IDs computed offline.
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { loadLab } from "../../plan/load-lab.ts";
import { GROUPS } from "../../render/talos/index.ts";
import { schematicFor, schematicIdOfText } from "../../render/talos/schematic.ts";

export function register(program: Command): void {
  const cmd = program.command("schematic").description("Image Factory schematics, IDs computed offline");
  cmd
    .command("id <file>")
    .description("print the factory ID of a schematic YAML (- for stdin)")
    .action((file: string) => {
      const text = readFileSync(file === "-" ? 0 : file, "utf8");
      process.stdout.write(`${schematicIdOfText(text)}\n`);
    });
  cmd
    .command("list")
    .description("print each node group's schematic ID, extensions and asset URLs")
    .option("--spec <file>", "lab spec (default: the built-in lab moon)")
    .action((o: { spec?: string }) => {
      const { plan } = loadLab(o.spec);
      for (const g of GROUPS) {
        const s = schematicFor(plan, g);
        process.stdout.write(
          `${g}: ${s.id}\n  extensions ${s.extensions.join(", ")}\n  kernel     ${s.urls.kernel}\n  initramfs  ${s.urls.initramfs}\n  cmdline    ${s.urls.cmdline}\n  installer  ${s.urls.installer}\n`,
        );
      }
    });
}
