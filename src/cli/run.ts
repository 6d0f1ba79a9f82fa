// The CLI behind src/cli/main.ts: loads only the command a run names (src/cli/verbs.ts), and maps errors to exit codes.
import { writeFileSync } from "node:fs";
import { Command } from "commander";
import { announceSpec } from "./announce-spec.ts";
import { handleError } from "./output.ts";
import { findVerb, registerOutlines, registerVerb } from "./verbs.ts";

const program = new Command("moonlab")
  .description("one spec to a Talos + CozyStack lab on AWS Graviton and back home, proven by an acceptance suite")
  .version("0.1.0")
  .showHelpAfterError("(moonlab --help lists the verbs)")
  .showSuggestionAfterError(true)
  .exitOverride()
  // Commander honours a verb's own enablePositionalOptions() (`rehearse cluster --spec X` giving --spec to
  // `cluster`, not to `rehearse`) only when the program enables it too; the program has no options of its own.
  .enablePositionalOptions()
  // Every verb that reads a spec says which one (./lab.yaml, --spec or the built-in lab) before it runs.
  .hook("preAction", (_program, action) => announceSpec(action));

// bench-plan measures a child run's own CPU time (Node start included) through this file.
const cpuReport = process.env.MOONLAB_CPU_REPORT;
if (cpuReport)
  process.on("exit", () => {
    const u = process.cpuUsage();
    writeFileSync(cpuReport, String((u.user + u.system) / 1000));
  });

// `moonlab help plan` names its verb second.
const args = process.argv.slice(2);
const named = args[0] === "help" ? args[1] : args.find((a) => !a.startsWith("-"));
const verb = findVerb(named);
if (verb) await registerVerb(program, verb);
else registerOutlines(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  const code = (e as { code?: string }).code;
  if (code === "commander.helpDisplayed" || code === "commander.version" || code === "commander.help")
    process.exitCode = 0;
  else if (typeof code === "string" && code.startsWith("commander.")) process.exitCode = 2;
  else process.exitCode = handleError(e);
}
