// moonlab explain CHECK_ID: what a check asserts and why; without an id, lists every check.
import type { Command } from "commander";
import { explainCheck } from "../../app/explain.ts";
import { loadCheck } from "../../checks/run-suite.ts";
import { SUITE } from "../../checks/suite.ts";
import { UsageError } from "../../errors.ts";

export function register(program: Command): void {
  program
    .command("explain")
    .description("print what a check asserts and why (no id: list the suite)")
    .argument("[check-id]", "a check id such as t01/addresses-unique")
    .action(async (id: string | undefined) => {
      if (id === undefined) {
        for (const c of SUITE) process.stdout.write(`${c}\n`);
        return;
      }
      if (!SUITE.includes(id))
        throw new UsageError(`unknown check ${JSON.stringify(id)}; \`moonlab explain\` lists them`);
      process.stdout.write(explainCheck(loadCheck(id)));
    });
}
