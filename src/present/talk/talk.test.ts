import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { exampleView, layoutEngines } from "../../../test/support/present.ts";
import { revealFiles } from "../../app/present-lab.ts";
import { textOf } from "../../artifacts/artifact.ts";
import { renderTalk } from "./index.ts";

describe("moonlab talk (renderer)", () => {
  it("copies reveal.js's files byte for byte and the deck refers only to those copies", async () => {
    const a = await renderTalk(await exampleView("moon"), await layoutEngines(), revealFiles(), {
      specPath: "examples/moon.lab.yaml",
    });
    const dist = dirname(createRequire(import.meta.url).resolve("reveal.js"));
    for (const f of ["reveal.js", "reveal.css", "theme/white.css", "plugin/notes.js"]) {
      const copy = a.find((x) => x.path === `talk/vendor/reveal.js/${f}`);
      expect(Buffer.from(copy?.content ?? "").equals(readFileSync(join(dist, f))), f).toBe(true);
    }
    const html = textOf(a.find((x) => x.path === "talk/index.html") as (typeof a)[number]);
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(0);
    for (const r of refs)
      expect(
        a.map((x) => x.path),
        r,
      ).toContain(`talk/${r}`);
  }, 120_000);

  it("the demo script types the commands in order with figures from the lab, and has the rehearsal fallback", async () => {
    const v = await exampleView("moon");
    const a = await renderTalk(v, await layoutEngines(), revealFiles(), { specPath: "examples/moon.lab.yaml" });
    const md = textOf(a.find((x) => x.path === "talk/demo-script.md") as (typeof a)[number]);
    const order = ["validate", "plan", "cost", "up", "wake", "bastion push", "test --live", "report", "sleep"].map(
      (c) => md.indexOf(`\`./moonlab ${c} --spec examples/moon.lab.yaml`),
    );
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((x, y) => x - y)).toEqual(order);
    expect(md).toContain(v.plan.bastion.address);
    expect(md).toContain("sudo ./moonlab rehearse --spec examples/local.lab.yaml");
  });
});
