// The suite lists exactly the check files on disk, each loads with its own id, and the catalogue doc is current.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checksCatalogue } from "../app/explain.ts";
import { ACCEPTANCE_TESTS } from "./acceptance.ts";
import { loadChecks } from "./run-suite.ts";
import { SUITE } from "./suite.ts";

const dir = import.meta.dirname;
const root = join(dir, "../..");

function checkFilesOnDisk(): string[] {
  const ids: string[] = [];
  for (const d of readdirSync(dir)) {
    if (!/^[tc]\d\d$/.test(d) || !statSync(join(dir, d)).isDirectory()) continue;
    for (const f of readdirSync(join(dir, d)))
      if (f.endsWith(".ts") && !f.endsWith(".test.ts")) ids.push(`${d}/${f.replace(/\.ts$/, "")}`);
  }
  return ids.sort();
}

describe("the suite", () => {
  it("lists every check file once and nothing else", () => {
    expect([...SUITE].sort()).toEqual(checkFilesOnDisk());
    expect(new Set(SUITE).size).toBe(SUITE.length);
  });

  it("loads each check with its id, an acceptance test, the texts and at least one mode", async () => {
    for (const c of loadChecks(SUITE)) {
      expect(Object.keys(ACCEPTANCE_TESTS)).toContain(c.test);
      expect(c.id.startsWith(c.test.toLowerCase())).toBe(true);
      for (const t of [c.title, c.given, c.when, c.then, c.why]) expect(t.length).toBeGreaterThan(3);
      expect(c.plan ?? c.live).toBeDefined();
    }
  });

  it("docs/checks.md is the generated catalogue (regenerate: MOONLAB_UPDATE_DOCS=1)", async () => {
    const want = checksCatalogue(loadChecks(SUITE));
    const path = join(root, "docs/checks.md");
    if (process.env.MOONLAB_UPDATE_DOCS === "1" && process.env.CI !== "true") {
      const { writeFileSync } = await import("node:fs");
      writeFileSync(path, want);
    }
    expect(readFileSync(path, "utf8")).toBe(want);
  });
});
