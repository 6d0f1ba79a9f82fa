import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "../errors.ts";
import { readSpecText } from "./load-lab.ts";

describe("reading --spec", () => {
  it("a directory is bad input, not an EISDIR crash", () => {
    const dir = mkdtempSync(join(tmpdir(), "moonlab-spec-"));
    expect(() => readSpecText(dir)).toThrow(UsageError);
    expect(() => readSpecText(dir)).toThrow(/directory/);
  });

  it("a device is refused at once instead of being read until the kernel kills the process", () => {
    const t0 = Date.now();
    expect(() => readSpecText("/dev/zero")).toThrow(/not a regular file/);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it("a file over the size limit is refused", () => {
    const f = join(mkdtempSync(join(tmpdir(), "moonlab-spec-")), "big.yaml");
    writeFileSync(f, `name: ${"a".repeat(2 * 1024 * 1024)}\n`);
    expect(() => readSpecText(f)).toThrow(/at most 1048576 bytes/);
  });

  it("a regular file is read whole", () => {
    const f = join(mkdtempSync(join(tmpdir(), "moonlab-spec-")), "lab.yaml");
    writeFileSync(f, "name: x\n");
    expect(readSpecText(f).text).toBe("name: x\n");
  });
});
