// The rendered compose.yaml (home/local) validates against the Compose Specification's own JSON schema (compose-go
// v2.6.0, fetched by scripts/test-tools/31-matchbox.sh); there is no Docker engine here to run `docker compose config`.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { textOf } from "../../../src/artifacts/artifact.ts";
import { renderBastion } from "../../../src/render/bastion/index.ts";
import { labs } from "../../fakes/bastion-tree.ts";
import { describeWithTools, ROOT } from "../../support/tools.ts";

const SCHEMA = join(ROOT, ".tools/share/compose-spec-v2.6.0.json");

describeWithTools(
  [
    {
      name: "sh",
      how: "scripts/install-test-tools.sh (31-matchbox.sh fetches the compose schema)",
      probe: () => existsSync(SCHEMA),
    },
  ],
  "compose.yaml against the Compose Specification schema",
  () => {
    const validate = () => {
      // Draft-07 (Ajv's default); its "$schema" spells the meta-schema with https, which Ajv does not know by that name.
      const { $schema: _, ...schema } = JSON.parse(readFileSync(SCHEMA, "utf8"));
      return new Ajv({ allErrors: true, strict: false }).compile(schema);
    };
    for (const name of ["home", "local"] as const) {
      it(`${name}: valid`, () => {
        const a = renderBastion(labs[name](), {}, {}).find((x) => x.path === "bastion/compose.yaml");
        const v = validate();
        expect(v(parse(textOf(a ?? { path: "", content: "" }))), JSON.stringify(v.errors)).toBe(true);
      });
    }
    it("the schema rejects a broken file (so a pass means something)", () => {
      const v = validate();
      expect(v({ services: { x: { image: "a", network_mode: "host", volumez: [] } } })).toBe(false);
    });
  },
);

describe("compose.yaml", () => {
  it("is rendered only for home/local", () => {
    expect(renderBastion(labs.moon(), {}, {}).some((a) => a.path === "bastion/compose.yaml")).toBe(false);
  });
});
