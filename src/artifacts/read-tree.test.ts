import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fixtureSecrets } from "../../test/fakes/secrets.ts";
import { exampleObject, planOf } from "../../test/support/lab.ts";
import { renderAll } from "../render/families.ts";
import { writeArtifacts } from "../render/write.ts";
import { textOf } from "./artifact.ts";
import { readArtifacts } from "./read-tree.ts";

const dir = mkdtempSync(join(tmpdir(), "moonlab-read-tree-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("readArtifacts", () => {
  it("reads back exactly what the renderers returned (headers off) for every file of the home lab", {
    timeout: 120_000,
  }, async () => {
    const artifacts = renderAll(planOf(exampleObject("home")), await fixtureSecrets(), {});
    writeArtifacts(dir, artifacts);
    const back = new Map(readArtifacts(dir).map((a) => [a.path, a]));
    for (const a of artifacts) {
      const b = back.get(a.path);
      expect(b, a.path).toBeDefined();
      expect(textOf(b as never), a.path).toBe(textOf(a));
    }
  });
});
