// Golden trees: every example spec renders, byte for byte and mode for mode, the tree committed under
// test/golden/<example>/ (git keeps only the executable bit, so modes are pinned in test/golden/<example>.modes). Update only on purpose: MOONLAB_UPDATE_GOLDEN=1 ./scripts/test test/golden-trees.test.ts (refused with
// CI=true), then review the diff like code.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { renderAndCheck } from "../src/app/plan-lab.ts";
import { writeArtifacts } from "../src/render/write.ts";
import { fixtureSecrets } from "./fakes/secrets.ts";
import { exampleObject, planOf } from "./support/lab.ts";
import { ROOT } from "./support/tools.ts";

const UPDATE = process.env.MOONLAB_UPDATE_GOLDEN === "1";
const examples = readdirSync(join(ROOT, "examples"))
  .filter((f) => f.endsWith(".lab.yaml"))
  .map((f) => f.replace(/\.lab\.yaml$/, ""))
  .sort();

function snapshot(dir: string): Map<string, { mode: string; bytes: Buffer }> {
  const out = new Map<string, { mode: string; bytes: Buffer }>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(relative(dir, p), { mode: (statSync(p).mode & 0o777).toString(8), bytes: readFileSync(p) });
    }
  };
  walk(dir);
  return out;
}

describe("golden trees", () => {
  it("covers every example spec", () => {
    expect(examples).toEqual(expect.arrayContaining(["home", "moon"]));
  });

  it.each(examples)("examples/%s.lab.yaml renders exactly its golden tree test/golden/<name>", async (name) => {
    const plan = planOf(exampleObject(name));
    const rendered = await renderAndCheck(plan, await fixtureSecrets());
    const out = mkdtempSync(join(tmpdir(), `moonlab-golden-${name}-`));
    writeArtifacts(out, rendered.artifacts);
    const golden = join(ROOT, "test/golden", name);
    const got = snapshot(out);
    const modes = `${[...got].map(([path, g]) => `${g.mode} ${path}`).join("\n")}\n`;
    const modesFile = join(ROOT, "test/golden", `${name}.modes`);
    if (UPDATE) {
      if (process.env.CI === "true") throw new Error("MOONLAB_UPDATE_GOLDEN=1 is refused with CI=true");
      rmSync(golden, { recursive: true, force: true });
      cpSync(out, golden, { recursive: true });
      writeFileSync(modesFile, modes);
    }
    const want = snapshot(golden);
    expect([...got.keys()], `file list of ${name} (update on purpose: MOONLAB_UPDATE_GOLDEN=1)`).toEqual([
      ...want.keys(),
    ]);
    expect(modes, `file modes of ${name}`).toBe(readFileSync(modesFile, "utf8"));
    for (const [path, g] of got) {
      const w = want.get(path);
      expect(g.bytes.toString("utf8"), `bytes of ${name}/${path}`).toBe(w?.bytes.toString("utf8"));
    }
    rmSync(out, { recursive: true, force: true });
  });
});
