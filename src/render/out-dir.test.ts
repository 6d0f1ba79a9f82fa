import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "../errors.ts";
import { assertOutDirUsable } from "./out-dir.ts";
import { writeArtifacts } from "./write.ts";

const tmp = () => mkdtempSync(join(tmpdir(), "moonlab-out-"));
const arts = [
  { path: "aws/template.json", content: "{}\n" },
  { path: "talos/a.yaml", content: "a: 1\n" },
];

describe("--out", () => {
  it.each(["", "  ", "/", "/etc", "/usr"])("refuses %j (exit 2)", (out) => {
    expect(() => assertOutDirUsable(out)).toThrow(UsageError);
  });

  it("refuses a file and a device", () => {
    const f = join(tmp(), "file");
    writeFileSync(f, "x");
    expect(() => writeArtifacts(f, arts)).toThrow(/is a file/);
    expect(() => writeArtifacts("/dev/null", arts)).toThrow(/not a folder/);
  });

  it("refuses a tree where a family folder is a file, before writing anything", () => {
    const root = tmp();
    writeArtifacts(root, arts);
    const other = tmp();
    writeFileSync(join(other, ".moonlab-manifest"), "");
    writeFileSync(join(other, "talos"), "a file where a folder belongs");
    expect(() => writeArtifacts(other, arts)).toThrow(/talos is in the way/);
    expect(readdirSync(other).sort()).toEqual([".moonlab-manifest", "talos"]);
  });

  it("refuses a non-empty folder moonlab did not write, unless forced", () => {
    const root = tmp();
    writeFileSync(join(root, "thesis.tex"), "mine");
    expect(() => writeArtifacts(root, arts)).toThrow(/did not write.*--force/);
    expect(readdirSync(root)).toEqual(["thesis.tex"]);
    writeArtifacts(root, arts, { force: true });
    // Once moonlab wrote it, it owns it: no --force needed again.
    expect(() => writeArtifacts(root, arts)).not.toThrow();
  });

  it("refuses an unwritable folder (checked as an unprivileged user, since root writes anywhere)", () => {
    const root = tmp();
    const ro = join(root, "ro");
    mkdirSync(ro);
    chmodSync(root, 0o755);
    chmodSync(ro, 0o555);
    const script = `import { assertOutDirUsable } from ${JSON.stringify(join(import.meta.dirname, "out-dir.ts"))};
      try { assertOutDirUsable(${JSON.stringify(join(ro, "out"))}); console.log("accepted"); }
      catch (e) { console.log(e.constructor.name + ": " + e.message); }`;
    const asNobody = process.getuid?.() === 0 ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : [];
    const cmd = [...asNobody, process.execPath, "--input-type=module", "-e", script];
    const r = spawnSync(cmd[0] as string, cmd.slice(1), { encoding: "utf8", timeout: 30_000 });
    expect(r.stdout).toMatch(/OutDirError: .*is not writable/);
  });
});
