// Every document of every rendered machine config validates against Talos's config JSON schema of the plan's minor
// line (pkg/machinery's config/schemas/config.schema.json, fetched by scripts/test-tools/36-schemas.sh; draft 2020-12); the newer documents do not exist in v1.11.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import { expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { renderTalos } from "../../../src/render/talos/index.ts";
import { fixtureSecrets } from "../../fakes/secrets.ts";
import { describeWithTools, SCHEMAS_REQUIREMENT, UPSTREAM_SCHEMAS } from "../../support/tools.ts";
import { LABS } from "./labs.ts";

const cache = new Map<string, ValidateFunction>();
function validator(minor: string): ValidateFunction {
  let v = cache.get(minor);
  if (!v) {
    const schema = JSON.parse(readFileSync(join(UPSTREAM_SCHEMAS, `talos/${minor}/config.schema.json`), "utf8"));
    const ajv = new Ajv2020({
      strict: false,
      allErrors: true,
      formats: {
        uri: (s: string) => {
          try {
            new URL(s);
            return true;
          } catch {
            return false;
          }
        },
      },
    });
    v = ajv.compile(schema);
    cache.set(minor, v);
  }
  return v;
}

async function documentsOf(plan: (typeof LABS)[number][1]): Promise<{ path: string; doc: unknown }[]> {
  const out: { path: string; doc: unknown }[] = [];
  for (const a of renderTalos(plan, await fixtureSecrets(), {}))
    if (/^talos\/[^/]+\.yaml$/.test(a.path))
      for (const d of parseAllDocuments(String(a.content))) out.push({ path: a.path, doc: d.toJS() });
  return out;
}

describeWithTools([SCHEMAS_REQUIREMENT], "Talos config JSON schema", () => {
  it.each(LABS)("validates every document of %s against its minor's schema", async (_name, plan) => {
    const validate = validator(plan.talos.minor);
    const docs = await documentsOf(plan);
    expect(docs.length).toBeGreaterThan(plan.nodes.length);
    for (const { path, doc } of docs) {
      const ok = validate(doc);
      expect(
        ok,
        `${path} ${(doc as { kind?: string }).kind ?? "v1alpha1"}: ${JSON.stringify(validate.errors?.slice(0, 3))}`,
      ).toBe(true);
    }
  });

  it("rejects what it should: a misspelt field, and v1.13 documents under the v1.11 schema", async () => {
    const v113 = validator("v1.13");
    expect(v113({ apiVersion: "v1alpha1", kind: "RegistryMirrorConfig", name: "docker.io", endpoint: [] })).toBe(false);
    const moon = LABS.find(([n]) => n === "moon")?.[1];
    if (!moon) throw new Error("no moon lab");
    const mirror = (await documentsOf(moon)).find((d) => (d.doc as { kind?: string }).kind === "RegistryMirrorConfig");
    expect(v113(mirror?.doc)).toBe(true);
    expect(validator("v1.11")(mirror?.doc)).toBe(false);
  });
});
