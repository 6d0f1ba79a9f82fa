// YAML that hurts: every case is an issue with a code, never a throw (exit 70) or a hang.
import { describe, expect, it } from "vitest";
import { exampleText } from "../../test/support/lab.ts";
import { validateYaml } from "./validate.ts";

describe("hostile YAML", () => {
  it("an alias to an anchor that does not exist is yaml.undefined-alias", () => {
    const v = validateYaml("name: *x\n");
    expect(v.ok).toBe(false);
    expect(v.issues.map((i) => i.code)).toEqual(["yaml.undefined-alias"]);
  });

  it("an alias bomb is yaml.alias-bomb, at once", () => {
    const rows = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (const [p, c] of [
      ["a", "b"],
      ["b", "c"],
      ["c", "d"],
      ["d", "e"],
      ["e", "f"],
      ["f", "g"],
    ])
      rows.push(`${c}: &${c} [${Array(9).fill(`*${p}`).join(",")}]`);
    const t0 = Date.now();
    const v = validateYaml(`${rows.join("\n")}\n`);
    expect(v.issues.map((i) => i.code)).toEqual(["yaml.alias-bomb"]);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it("the example's own anchors still work", () => {
    expect(validateYaml(`${exampleText("moon")}\nx-anchor: &a 1\n`).issues.map((i) => i.code)).toContain(
      "spec.unknown-field",
    );
  });

  it("!!python/object and other unknown tags are reported, not dropped", () => {
    const v = validateYaml(
      `${exampleText("moon")}\ndns:\n  domain: !!python/object:os.system moon.lab\n`.replace(/^dns:.*$/m, "x: 1"),
    );
    expect(v.issues.map((i) => i.code)).toContain("yaml.unknown-tag");
    expect(validateYaml("name: !foo bar\n").issues.map((i) => i.code)).toEqual(["yaml.unknown-tag"]);
  });
});
