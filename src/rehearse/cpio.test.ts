import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { describeWithTools, requireTool } from "../../test/support/tools.ts";
import { cpioNewc } from "./cpio.ts";

const entries = [
  { type: "dir", path: "bin" },
  { type: "file", path: "bin/hello", data: "#!/bin/sh\necho hi\n", mode: 0o755 },
  { type: "symlink", path: "bin/sh", target: "busybox" },
  { type: "char", path: "console", major: 5, minor: 1 },
  { type: "file", path: "odd", data: "12345" },
] as const;

describe("cpioNewc", () => {
  it("is byte-stable and 4-byte aligned, ending with the trailer", () => {
    const a = cpioNewc(entries);
    expect(a.equals(cpioNewc(entries))).toBe(true);
    expect(a.length % 4).toBe(0);
    expect(a.subarray(0, 6).toString()).toBe("070701");
    expect(a.includes(Buffer.from("TRAILER!!!\0"))).toBe(true);
  });
  it("refuses paths that climb out", () => {
    expect(() => cpioNewc([{ type: "dir", path: "../etc" }])).toThrow(/bad cpio path/);
  });
});

describeWithTools(
  [{ name: "cpio", how: "apt-get install cpio (scripts/install-test-tools.sh)" }],
  "cpioNewc read by GNU cpio",
  () => {
    it("lists every entry with its type, mode and content", () => {
      const cpio = requireTool("cpio");
      const archive = cpioNewc(entries);
      const listing = execFileSync(cpio, ["-itv", "--quiet"], { input: archive }).toString();
      expect(listing).toMatch(/^drwxr-xr-x .* bin$/m);
      expect(listing).toMatch(/^-rwxr-xr-x .* bin\/hello$/m);
      expect(listing).toMatch(/^lrwxrwxrwx .* bin\/sh -> busybox$/m);
      expect(listing).toMatch(/^crw------- .* 5,\s+1 .* console$/m);
      const odd = execFileSync(cpio, ["-i", "--quiet", "--to-stdout", "odd"], { input: archive }).toString();
      expect(odd).toBe("12345");
    });
  },
);
