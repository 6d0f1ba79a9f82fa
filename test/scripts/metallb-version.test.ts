// One MetalLB version: the controller 39-metallb.sh builds, the CRD set 37-crds.sh copies and COMPONENTS.metallb
// (what the rendered lab pins) must agree, or the rehearsal would run a controller against CRDs of another release.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { COMPONENTS } from "../../src/versions/matrix.ts";
import { ROOT } from "../support/tools.ts";

const script = (name: string): string => readFileSync(join(ROOT, "scripts/test-tools", name), "utf8");

it("39-metallb.sh, 37-crds.sh and COMPONENTS.metallb pin the same MetalLB version", () => {
  const want = COMPONENTS.metallb.version;
  expect(script("39-metallb.sh").match(/^metallb_version="(v[^"]+)"$/m)?.[1]).toBe(want);
  expect(script("37-crds.sh").match(/go\.universe\.tf\/metallb@(v\S+)/)?.[1]).toBe(want);
});
