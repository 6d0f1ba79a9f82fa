// Golden report and talk: every example's `moonlab report` and `moonlab talk` output (without recorded runs),
// byte for byte, under test/golden/<example>.present/ (beside the golden trees, which own test/golden/<example>/). reveal.js's copied files are left out (the talk test checks
// them against the npm package) and only listed. Update on purpose only:
// MOONLAB_UPDATE_GOLDEN=1 vitest run test/golden-present.test.ts (refused with CI=true), then review the diff.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { reportArtifacts, talkArtifacts } from "../src/app/present-lab.ts";
import { finalContent } from "../src/artifacts/artifact.ts";
import { exampleView } from "./support/present.ts";
import { ROOT } from "./support/tools.ts";

const UPDATE = process.env.MOONLAB_UPDATE_GOLDEN === "1";
const GOLDEN = join(ROOT, "test/golden");
const examples = readdirSync(join(ROOT, "examples"))
  .filter((f) => f.endsWith(".lab.yaml"))
  .map((f) => f.replace(/\.lab\.yaml$/, ""))
  .sort();

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

describe("golden report and talk", () => {
  it.each(examples)(
    "examples/%s.lab.yaml: report and talk are exactly test/golden/<name>.present",
    async (name) => {
      const v = await exampleView(name);
      const all = [...(await reportArtifacts(v)), ...(await talkArtifacts(v, `examples/${name}.lab.yaml`))];
      const vendor = all
        .filter((a) => a.path.startsWith("talk/vendor/"))
        .map((a) => a.path)
        .sort();
      const got = new Map(
        all
          .filter((a) => !a.path.startsWith("talk/vendor/"))
          .map((a) => [a.path, Buffer.from(finalContent(a)).toString("utf8")] as const),
      );
      got.set("talk/vendor.txt", `${vendor.join("\n")}\n`);
      const dir = join(GOLDEN, `${name}.present`);
      if (UPDATE) {
        if (process.env.CI === "true") throw new Error("MOONLAB_UPDATE_GOLDEN=1 is refused with CI=true");
        rmSync(dir, { recursive: true, force: true });
        for (const [p, text] of got) {
          mkdirSync(dirname(join(dir, p)), { recursive: true });
          writeFileSync(join(dir, p), text);
        }
      }
      expect([...got.keys()].sort(), `file list of ${name}`).toEqual(files(dir));
      for (const [p, text] of got) expect(text, `${name}/${p}`).toBe(readFileSync(join(dir, p), "utf8"));
    },
    180_000,
  );
});
