// Bad input: an operator SSH source of 0.0.0.0/0 or ::/0 is rejected at validation with the reason.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { validateYaml } from "../../../src/spec/validate.ts";
import { ROOT } from "../../support/tools.ts";

it.each(["0.0.0.0/0", "::/0"])("ssh source %s is rejected (ssh.source-open)", (src) => {
  const text = readFileSync(join(ROOT, "examples/moon.lab.yaml"), "utf8").replace("sources: []", `sources: ["${src}"]`);
  expect(text).toContain(src);
  const v = validateYaml(text, "moon.lab.yaml");
  expect(v.ok).toBe(false);
  const issue = v.issues.find((i) => i.code === "ssh.source-open");
  expect(issue?.message).toMatch(/never allowed/);
});
