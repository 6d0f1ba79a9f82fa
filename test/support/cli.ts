// Runs the real CLI (src/cli/main.ts under this Node) in a scratch directory whose secrets, age identity and HOME
// stay inside it: what every CLI test spawns.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "./tools.ts";

export const CLI_MAIN = join(ROOT, "src/cli/main.ts");

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(
  args: readonly string[],
  cwd: string,
  env: Record<string, string | undefined> = {},
  timeout = 180_000,
  input?: string,
): CliRun {
  const r = spawnSync(process.execPath, [CLI_MAIN, ...args], {
    cwd,
    input,
    encoding: "utf8",
    env: {
      ...process.env,
      HOME: cwd,
      NO_COLOR: "1",
      MOONLAB_SECRETS_DIR: join(cwd, ".moonlab"),
      MOONLAB_AGE_IDENTITY: join(cwd, "identity.age"),
      ...env,
    },
    timeout,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
