import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { specReference } from "./spec-reference.ts";

const path = join(import.meta.dirname, "../../docs/spec.md");

describe("spec reference", () => {
  it("docs/spec.md is generated from the schema (regenerate: MOONLAB_UPDATE_DOCS=1)", () => {
    const want = specReference();
    if (process.env.MOONLAB_UPDATE_DOCS === "1" && process.env.CI !== "true") writeFileSync(path, want);
    expect(readFileSync(path, "utf8")).toBe(want);
    for (const f of ["`name`", "`bastion.schedule.timeZone`", "`nodes[].mac`", "`acknowledgements[].reason`"])
      expect(want).toContain(f);
  });
});
