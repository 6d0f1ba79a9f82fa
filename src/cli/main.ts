#!/usr/bin/env node
// moonlab CLI entry: assembles the commands (one file each) and maps errors to exit codes.
import { Command } from "commander";
import { register as bastion } from "./commands/bastion.ts";
import { register as benchBoot } from "./commands/bench-boot.ts";
import { register as benchCost } from "./commands/bench-cost.ts";
import { register as cost } from "./commands/cost.ts";
import { register as demo } from "./commands/demo.ts";
import { register as diff } from "./commands/diff.ts";
import { register as down } from "./commands/down.ts";
import { register as explain } from "./commands/explain.ts";
import { register as gitops } from "./commands/gitops.ts";
import { register as init } from "./commands/init.ts";
import { register as moonlander } from "./commands/moonlander.ts";
import { register as plan } from "./commands/plan.ts";
import { register as rehearse } from "./commands/rehearse.ts";
import { register as schema } from "./commands/schema.ts";
import { register as schematic } from "./commands/schematic.ts";
import { register as secrets } from "./commands/secrets.ts";
import { register as sleep } from "./commands/sleep.ts";
import { register as status } from "./commands/status.ts";
import { register as test } from "./commands/test.ts";
import { register as up } from "./commands/up.ts";
import { register as validate } from "./commands/validate.ts";
import { register as wake } from "./commands/wake.ts";
import { handleError } from "./output.ts";

const program = new Command("moonlab")
  .description("one spec to a Talos + CozyStack lab on AWS Graviton and back home, proven by an acceptance suite")
  .version("0.1.0")
  .showHelpAfterError()
  // Options after a subcommand belong to it (`rehearse cluster --spec X` is not `rehearse --spec X`).
  .enablePositionalOptions()
  .exitOverride();

for (const reg of [
  init,
  validate,
  plan,
  test,
  schema,
  explain,
  up,
  diff,
  wake,
  bastion,
  sleep,
  status,
  down,
  secrets,
  schematic,
  demo,
  cost,
  benchCost,
  gitops,
  rehearse,
  benchBoot,
  moonlander,
])
  reg(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  const code = (e as { code?: string }).code;
  if (code === "commander.helpDisplayed" || code === "commander.version" || code === "commander.help")
    process.exitCode = 0;
  else if (typeof code === "string" && code.startsWith("commander.")) process.exitCode = 2;
  else process.exitCode = handleError(e);
}
