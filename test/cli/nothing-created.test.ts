// Nothing is created (the secrets bundle and age identity included) before the inputs and the endpoint are known
// good: a bad --out and an unreachable AWS endpoint leave the scratch directory as it was.

import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.ts";

function run(args: string[], cwd: string) {
  const r = runCli(args, cwd, { AWS_ACCESS_KEY_ID: "x", AWS_SECRET_ACCESS_KEY: "x" }, 120_000);
  return { code: r.code, out: r.stdout + r.stderr };
}

describe("nothing is created before inputs and endpoint are good", { timeout: 240_000 }, () => {
  it("plan --out naming a file: exit 2, no secrets created", () => {
    const cwd = mkdtempSync(join(tmpdir(), "moonlab-none-"));
    writeFileSync(join(cwd, "afile"), "x");
    const r = run(["plan", "--out", "afile"], cwd);
    expect(r.out).toMatch(/is a file/);
    expect(r.code).toBe(2);
    expect(readdirSync(cwd)).toEqual(["afile"]);
  });

  it("up against a closed endpoint: exit 3 naming host and port, no secrets created", () => {
    const cwd = mkdtempSync(join(tmpdir(), "moonlab-none-"));
    const r = run(["up", "--endpoint-url", "http://127.0.0.1:9"], cwd);
    expect(r.out).toMatch(/127\.0\.0\.1:9 is unreachable/);
    expect(r.code).toBe(3);
    expect(readdirSync(cwd)).toEqual([]);
  });
});
