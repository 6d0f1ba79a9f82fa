// Where aws-cdk-lib's built-in CloudFormation validator runs: not in the offline plan's synth (cfn-lint proves the
// template in CI), but in the synth `up` and `diff` deploy from. The validator leaves validation-report.json.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fixtureSecrets } from "../../../test/fakes/secrets.ts";
import { exampleObject, planOf } from "../../../test/support/lab.ts";
import { buildStack } from "./stack.ts";

const root = mkdtempSync(join(tmpdir(), "moonlab-cfn-validation-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("the built-in CloudFormation validator", { timeout: 120_000 }, () => {
  it.each([
    [false, "off by default (offline plan)"],
    [true, "on when asked (up, diff)"],
  ])("cfnValidation %s: %s", async (on) => {
    const out = join(root, String(on));
    const { app } = buildStack(
      planOf(exampleObject("moon")),
      await fixtureSecrets(),
      on ? { cfnValidation: true } : {},
      out,
    );
    app.synth();
    expect(existsSync(join(out, "validation-report.json"))).toBe(on);
  });
});
