import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sweepStaleTemps, tempPathFor } from "./temp-files.ts";

/** A pid that existed and is gone: a child that already exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(r.stdout);
}

describe("temp files", () => {
  it("names are unique per call and process", () => {
    const a = tempPathFor("/x/aws/template.json");
    const b = tempPathFor("/x/aws/template.json");
    expect(a).not.toBe(b);
    expect(a).toContain(`.moonlab-tmp-${process.pid}-`);
  });

  it("a sweep removes the temps of dead writers and keeps live ones and other files", () => {
    const dir = mkdtempSync(join(tmpdir(), "moonlab-tmp-"));
    const dead = `f.yaml.moonlab-tmp-${deadPid()}-0123456789ab`;
    const live = tempPathFor(join(dir, "g.yaml"));
    writeFileSync(join(dir, dead), "x");
    writeFileSync(live, "y");
    writeFileSync(join(dir, "f.yaml"), "z");
    expect(sweepStaleTemps(dir)).toEqual([dead]);
    expect(existsSync(live)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(["f.yaml", live.slice(dir.length + 1)].sort());
  });
});
