import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { findVerb, VERBS } from "./verbs.ts";

describe("the verb table", () => {
  it.each(VERBS.map((v) => [v.name, v]))(
    "%s: the module registers that name with the description --help shows",
    async (_n, v) => {
      const program = new Command();
      (await v.load()).register(program);
      const cmd = program.commands.find((c) => c.name() === v.name);
      expect(cmd, `${v.name} registers no command of that name`).toBeDefined();
      expect(cmd?.description()).toBe(v.description);
    },
  );

  it("CDK's verbs are aliases", () => {
    expect(findVerb("synth")?.name).toBe("plan");
    expect(findVerb("deploy")?.name).toBe("up");
    expect(findVerb("destroy")?.name).toBe("down");
    expect(findVerb("nope")).toBeUndefined();
  });
});
