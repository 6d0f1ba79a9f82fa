// moonlab explain [ID]: what a check asserts and why; a test id (T03 or t03) lists that test's checks in full;
// without an id, the suite's titles grouped by test.
import type { Command } from "commander";
import { checkJson, checksByTest, explainCheck, selectChecks } from "../../app/explain.ts";
import type { AcceptanceId } from "../../checks/acceptance.ts";
import { loadChecks } from "../../checks/run-suite.ts";
import { SUITE } from "../../checks/suite.ts";
import { UsageError } from "../../errors.ts";

export function register(program: Command): void {
  program
    .command("explain")
    .description("print what a check or a test (T03) asserts and why (no id: the suite, grouped by test)")
    .argument("[id]", "a check id such as t01/addresses-unique, or a test id such as T03")
    .option("--json", "print the checks as JSON")
    .option("--verbose", "without an id: every check in full, not only its title")
    .action(async (id: string | undefined, o: { json?: boolean; verbose?: boolean }) => {
      const sel: { test?: AcceptanceId; ids: string[] } =
        id === undefined ? { ids: [...SUITE] } : selectChecks(id, SUITE);
      if (sel.ids.length === 0)
        throw new UsageError(`unknown check or test ${JSON.stringify(id)}; \`moonlab explain\` lists them`);
      const checks = loadChecks(sel.ids);
      if (o.json) {
        process.stdout.write(`${JSON.stringify(checks.map(checkJson), null, 2)}\n`);
        return;
      }
      if (sel.test === undefined && checks.length === 1) {
        process.stdout.write(explainCheck(checks[0] as (typeof checks)[number]));
        return;
      }
      process.stdout.write(checksByTest(checks, sel.test));
      if (id !== undefined || o.verbose) for (const c of checks) process.stdout.write(`\n${explainCheck(c)}`);
    });
}
