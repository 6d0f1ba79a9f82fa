// `moonlab schematic id` on the schematic fields the Image Factory accepts beyond extensions and kernel args: META
// (metal network config), overlay, secure boot, disk image. Used to answer "not supported" for customization.meta.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/tools.ts";

const id = (input: string) => {
  const r = spawnSync(process.execPath, [join(ROOT, "src/cli/main.ts"), "schematic", "id", "-"], {
    input,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout.trim(), stderr: r.stderr };
};

describe("moonlab schematic id", () => {
  it("computes the factory's ID of a schematic with META (its test vector)", () => {
    const r = id("customization:\n  meta:\n    - key: 10\n      value: foo\n");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("d308a2a5ee2277bed5fbaa104fcbc8d59122abfa737df987a95b4ca763459a7f");
  }, 120_000);

  it("exits 2 on a field the factory does not know, naming it", () => {
    const r = id("customization:\n  metaa: []\n");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/customization\.metaa/);
  }, 120_000);
});
