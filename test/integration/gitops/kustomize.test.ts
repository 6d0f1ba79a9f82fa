// `kustomize build` (pinned, scripts/test-tools/33-kustomize.sh) of every directory a Flux Kustomization
// reconciles succeeds and yields exactly the rendered objects, each valid against its schema.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { gitopsArtifacts } from "../../../src/render/gitops/index.ts";
import { writeArtifacts } from "../../../src/render/write.ts";
import { describeWithTools, requireTool, SCHEMAS_REQUIREMENT } from "../../support/tools.ts";
import { CASES, renderedObjects } from "./cases.ts";
import { loadValidator } from "./schemas.ts";

const tmp = mkdtempSync(join(tmpdir(), "moonlab-kustomize-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } };
const id = (o: Obj) => `${o.apiVersion}/${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`;

describeWithTools(
  [
    { name: "kustomize", how: "scripts/install-test-tools.sh (scripts/test-tools/33-kustomize.sh)" },
    SCHEMAS_REQUIREMENT,
  ],
  "kustomize build of the gitops tree",
  () => {
    for (const [name, make] of Object.entries(CASES)) {
      it(`${name}: every Kustomization path builds to exactly its valid objects`, () => {
        const plan = make();
        const artifacts = gitopsArtifacts(plan);
        const out = join(tmp, name.replace(/\W+/g, "-"));
        writeArtifacts(out, artifacts);
        const kustomize = requireTool("kustomize");
        const v = loadValidator(plan.cozystack.version);
        const dirs = artifacts
          .filter((a) => a.path.endsWith("/kustomization.yaml"))
          .map((a) => a.path.slice(0, -"/kustomization.yaml".length));
        expect(dirs.sort()).toEqual(
          ["apps", "flux", "guest", "harvey", "harvey-sync", "infrastructure", "tenants"].map((d) => `gitops/${d}`),
        );
        const rendered = renderedObjects(plan);
        for (const { object } of rendered) if (object.kind === "CustomResourceDefinition") v.addCrd(object);
        for (const dir of dirs) {
          const built = execFileSync(kustomize, ["build", join(out, dir)], { encoding: "utf8", timeout: 60_000 });
          const objects = parseAllDocuments(built).map((d) => d.toJS() as Obj);
          for (const o of objects) expect(v.validate(o as never), `${dir}: ${id(o)}`).toEqual([]);
          const expected = rendered
            .filter(({ path }) => path.startsWith(`${dir}/`))
            .map(({ object }) => id(object as unknown as Obj));
          expect(objects.map(id).sort(), dir).toEqual(expected.sort());
        }
      }, 300_000);
    }
  },
);
