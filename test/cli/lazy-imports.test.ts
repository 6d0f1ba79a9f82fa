// What a verb loads: `--help` and `validate` load no command module but their own (no aws-cdk-lib, no AWS SDK),
// and an offline `plan` never loads the AWS SDK. The real CLI in a child process, with an import log preloaded.
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/tools.ts";

function imports(args: string[]): string[] {
  const cwd = mkdtempSync(join(tmpdir(), "moonlab-lazy-"));
  const r = spawnSync(
    process.execPath,
    ["--import", join(ROOT, "test/support/import-log.mjs"), join(ROOT, "src/cli/main.ts"), ...args],
    {
      cwd,
      encoding: "utf8",
      env: { ...process.env, HOME: cwd, MOONLAB_SECRETS_DIR: join(cwd, "s"), MOONLAB_AGE_IDENTITY: join(cwd, "id") },
      timeout: 120_000,
    },
  );
  expect(r.status, r.stderr).toBe(0);
  return r.stderr
    .split("\n")
    .filter((l) => l.startsWith("import-log "))
    .map((l) => l.slice("import-log ".length));
}

const commandModules = (urls: string[]) =>
  urls.filter((u) => u.includes("/src/cli/commands/")).map((u) => u.replace(/.*\/src\/cli\/commands\//, ""));

describe("lazy command modules", { timeout: 180_000 }, () => {
  it("--help loads no command module, aws-cdk-lib or AWS SDK", () => {
    const urls = imports(["--help"]);
    expect(urls.length).toBeGreaterThan(0);
    expect(commandModules(urls)).toEqual([]);
    expect(urls.filter((u) => /aws-cdk-lib|@aws-sdk|listr2/.test(u))).toEqual([]);
  });

  it("validate loads only its own command, and neither aws-cdk-lib nor the AWS SDK", () => {
    const urls = imports(["validate"]);
    expect(commandModules(urls)).toEqual(["validate.ts"]);
    expect(urls.filter((u) => /aws-cdk-lib|@aws-sdk/.test(u))).toEqual([]);
  });

  it("an offline plan does not load the AWS SDK", () => {
    const urls = imports(["plan", "--out", "out"]);
    expect(commandModules(urls)).toEqual(["plan.ts"]);
    expect(urls.some((u) => u.includes("aws-cdk-lib"))).toBe(true);
    expect(urls.filter((u) => u.includes("@aws-sdk"))).toEqual([]);
  });
});
