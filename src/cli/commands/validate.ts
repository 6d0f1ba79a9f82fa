// moonlab validate [--spec FILE]: prints every problem with its path; exit 2 when the spec is invalid.
import type { Command } from "commander";
import { readSpecText } from "../../plan/spec-choice.ts";
import { formatIssues } from "../../spec/issue.ts";
import { CHECK_ID } from "../../spec/rules/acknowledgements.ts";
import { validateYaml } from "../../spec/validate.ts";

export function register(program: Command): void {
  program
    .command("validate")
    .description("validate a lab spec and print every problem with its path and a fix")
    .option("--spec <file>", "lab spec (default: the built-in lab moon; - for stdin)")
    .option("--json", "print the issues as JSON")
    .option("--verbose", "also print acknowledged warnings in full")
    .action(async (o: { spec?: string; json?: boolean; verbose?: boolean }) => {
      const { text, source } = readSpecText(o.spec);
      let v = validateYaml(
        text,
        source === "<stdin>" || source.startsWith("./") ? source : (o.spec ?? "moon.lab.yaml"),
      );
      // Whether an acknowledged check id exists needs the suite, which costs a second of CPU to import: only when
      // the spec names a check id at all (validate stays fast for the usual spec).
      if (v.ok && v.spec.acknowledgements.some((a) => CHECK_ID.test(a.id)))
        v = (await import("../../app/acknowledgements.ts")).withKnownChecks(v);
      if (o.json) process.stdout.write(`${JSON.stringify({ source, ok: v.ok, issues: v.issues }, null, 2)}\n`);
      else {
        for (const line of formatIssues(v.issues, o.verbose === true)) process.stdout.write(`${line}\n`);
        const errors = v.issues.filter((i) => i.severity === "error").length;
        process.stdout.write(v.ok ? `${source}: valid\n` : `${source}: ${errors} problem${errors === 1 ? "" : "s"}\n`);
      }
      process.exitCode = v.ok ? 0 : 2;
    });
}
