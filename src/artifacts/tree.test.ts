import { describe, expect, it } from "vitest";
import { ArtifactTree } from "./tree.ts";

describe("ArtifactTree parse cache", () => {
  const tree = new ArtifactTree([
    { path: "a.yaml", content: "x: {y: 1}\n" },
    { path: "m.yaml", content: "a: 1\n---\nb: 2\n" },
    { path: "j.json", content: '{"k": [1]}' },
  ]);
  it("parses each file once and hands every reader the same value", () => {
    expect(tree.yaml("a.yaml")).toBe(tree.yaml("a.yaml"));
    expect(tree.yamlAll("m.yaml")).toBe(tree.yamlAll("m.yaml"));
    expect(tree.json("j.json")).toBe(tree.json("j.json"));
    expect(tree.yamlAll("m.yaml")).toEqual([{ a: 1 }, { b: 2 }]);
  });
  it("the shared value is frozen, so no check can change what the next one reads", () => {
    const v = tree.yaml<{ x: { y: number } }>("a.yaml");
    expect(() => {
      v.x.y = 2;
    }).toThrow(TypeError);
    expect(tree.yaml<{ x: { y: number } }>("a.yaml").x.y).toBe(1);
  });
});
