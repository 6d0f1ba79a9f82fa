import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { finalContent, HEADER_TEXT } from "../artifacts/artifact.ts";
import { PathEscapeError } from "../errors.ts";
import { writeArtifacts } from "./write.ts";

const tmp = () => mkdtempSync(join(tmpdir(), "moonlab-write-"));

describe("writeArtifacts", () => {
  it.each(["../x", "/etc/passwd", "a/../../x", "a//b", "", "a\\..\\b"])("refuses %j and writes nothing", (bad) => {
    const root = tmp();
    expect(() =>
      writeArtifacts(root, [
        { path: "ok.txt", content: "x" },
        { path: bad, content: "y" },
      ]),
    ).toThrow(PathEscapeError);
    expect(readdirSync(root)).toEqual([]);
  });

  it("writes modes, then changes no byte on a second identical run", () => {
    const root = tmp();
    const arts = [
      { path: "a/b.yaml", content: "k: v\n" },
      { path: "secret.yaml", content: "s: 1\n", mode: 0o600 },
      { path: "bin/run.sh", content: "#!/bin/sh\necho hi\n", mode: 0o755 },
    ];
    const first = writeArtifacts(root, arts);
    expect(first.written).toHaveLength(3);
    expect(statSync(join(root, "secret.yaml")).mode & 0o777).toBe(0o600);
    expect(statSync(join(root, "bin/run.sh")).mode & 0o777).toBe(0o755);
    const mtime = statSync(join(root, "a/b.yaml")).mtimeMs;
    const second = writeArtifacts(root, arts);
    expect(second.written).toEqual([]);
    expect(second.unchanged).toHaveLength(3);
    expect(statSync(join(root, "a/b.yaml")).mtimeMs).toBe(mtime);
  });

  it("removes files an earlier run wrote that are no longer rendered, and keeps foreign files", () => {
    const root = tmp();
    writeArtifacts(root, [
      { path: "old/x.yaml", content: "a: 1\n" },
      { path: "keep.yaml", content: "b: 1\n" },
    ]);
    writeFileSync(join(root, "user-notes.txt"), "mine");
    const r = writeArtifacts(root, [{ path: "keep.yaml", content: "b: 1\n" }]);
    expect(r.removed).toEqual(["old/x.yaml"]);
    expect(existsSync(join(root, "old"))).toBe(false);
    expect(existsSync(join(root, "user-notes.txt"))).toBe(true);
  });

  it("refuses two artifacts with one path", () => {
    expect(() =>
      writeArtifacts(tmp(), [
        { path: "a", content: "1" },
        { path: "a", content: "2" },
      ]),
    ).toThrow(/same path/);
  });
});

describe("generated-by header", () => {
  it("goes first in YAML and after magic first lines", () => {
    expect(finalContent({ path: "x.yaml", content: "a: 1\n" })).toBe(`# ${HEADER_TEXT}\na: 1\n`);
    expect(finalContent({ path: "u.yaml", content: "#cloud-config\nruncmd: []\n" })).toBe(
      `#cloud-config\n# ${HEADER_TEXT}\nruncmd: []\n`,
    );
    expect(finalContent({ path: "s.sh", content: "#!/bin/sh\ntrue\n" })).toBe(`#!/bin/sh\n# ${HEADER_TEXT}\ntrue\n`);
    expect(finalContent({ path: "r.md", content: "# T\n" })).toBe(`<!-- ${HEADER_TEXT} -->\n# T\n`);
  });
  it("is left out of JSON, binary and opted-out files", () => {
    expect(finalContent({ path: "x.json", content: "{}" })).toBe("{}");
    expect(finalContent({ path: "x.yaml", content: "a: 1\n", header: false })).toBe("a: 1\n");
    const bin = new Uint8Array([1, 2, 3]);
    expect(finalContent({ path: "k.bin", content: bin })).toBe(bin);
  });
  it("is written to disk", () => {
    const root = tmp();
    writeArtifacts(root, [{ path: "c.conf", content: "port=0\n" }]);
    expect(readFileSync(join(root, "c.conf"), "utf8")).toBe(`# ${HEADER_TEXT}\nport=0\n`);
  });
});
