// moonlab schema: prints the JSON Schema of lab.yaml (for editors: yaml-language-server, VS Code).
import type { Command } from "commander";
import { specJsonSchemaText } from "../../app/json-schema.ts";

export function register(program: Command): void {
  program
    .command("schema")
    .description("print the JSON Schema of lab.yaml")
    .action(() => {
      process.stdout.write(specJsonSchemaText());
    });
}
