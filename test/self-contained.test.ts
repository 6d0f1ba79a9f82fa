// A clone anywhere must pass its tests: no source, test or script reads a folder beside the repository (the
// workspace's ../shared is reference material for people, not a dependency). Upstream schemas and CRDs come
// through registry clients at install time (scripts/test-tools/36-schemas.sh into .tools/share/schemas).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./support/tools.ts";

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

describe("self-contained repository", () => {
  it("no code path names ../shared (comments citing docs are fine)", () => {
    // A path in a string literal, a template literal or a shell word: what a program would actually open.
    const read = /["'`]\s*[^"'`\n]*\.\.\/shared\/|\$[{(]?\w*[})]?\/\.\.\/shared\/|join\([^)]*["'`]\.\.\/shared/;
    const offenders = ["src", "test", "scripts", ".ci", "bin", "tools"]
      .flatMap((d) => files(join(ROOT, d)))
      .filter((f) => /\.(ts|js|mjs|sh|go)$|\/run$/.test(f) && !f.endsWith("self-contained.test.ts"))
      .flatMap((f) =>
        readFileSync(f, "utf8")
          .split("\n")
          .map((line, i) => ({ line, at: `${relative(ROOT, f)}:${i + 1}` }))
          .filter(({ line }) => !/^\s*(\/\/|#|\*|\/\*\*)/.test(line) && read.test(line))
          .map(({ at, line }) => `${at}: ${line.trim()}`),
      );
    expect(offenders).toEqual([]);
  });
});
