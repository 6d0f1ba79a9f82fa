// The entry point of the Moonlander controller image (`moonlab moonlander build` bundles this file and what it
// imports into moonlander.mjs): only `moonlander run`, parsed and reported exactly as `moonlab moonlander run` is, so
// the Deployment's args (moonlanderArgs) mean the same to both. Nothing here may import the bundler or the AWS
// tooling: the image carries only what the controller runs.
import { Command } from "commander";
import { registerMoonlanderRun } from "./commands/moonlander-run.ts";
import { handleError } from "./output.ts";

const program = new Command("moonlander.mjs")
  .description("Moonlander's controller (bundled from moonlab)")
  .exitOverride()
  .showHelpAfterError(true);
registerMoonlanderRun(
  program
    .command("moonlander")
    .description("Moonlander: Landings (moons.urmanac.com/v1alpha1) wire guest clusters to the lab cluster"),
);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  const code = (e as { code?: string }).code;
  if (code === "commander.helpDisplayed" || code === "commander.help") process.exitCode = 0;
  else if (typeof code === "string" && code.startsWith("commander.")) process.exitCode = 2;
  else process.exitCode = handleError(e);
}
