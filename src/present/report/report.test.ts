import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { exampleView, fixtureRecords, layoutEngines } from "../../../test/support/present.ts";
import { textOf } from "../../artifacts/artifact.ts";
import { ACCEPTANCE_IDS } from "../../checks/acceptance.ts";
import { bastionServices } from "../../render/bastion/services.ts";
import { svcId } from "../diagram/graph.ts";
import { exposureOf } from "../exposure.ts";
import { renderReport } from "./index.ts";

const byPath = (a: { path: string; content: string | Uint8Array }[], p: string) => {
  const f = a.find((x) => x.path === p);
  if (!f) throw new Error(`${p} not rendered`);
  return textOf(f);
};

/** Ids of the node groups Graphviz drew (its <g class="node" id=...>), read with an XML parser. */
function drawnNodeIds(svg: string): string[] {
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", htmlEntities: true }).parse(
    svg,
  ) as unknown;
  const out: string[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (n && typeof n === "object") {
      const o = n as Record<string, unknown>;
      if (o.class === "node" && typeof o.id === "string") out.push(o.id);
      for (const v of Object.values(o)) walk(v);
    }
  };
  walk(doc);
  return out.sort();
}

describe("moonlab report (renderer)", () => {
  it.each(["moon", "home", "local"])(
    "%s: the same lab renders the same bytes twice",
    async (name) => {
      const e = await layoutEngines();
      const a = await renderReport(await exampleView(name), e);
      const b = await renderReport(await exampleView(name), e);
      expect(a.map((x) => x.path)).toEqual(b.map((x) => x.path));
      for (const [i, x] of a.entries()) expect(textOf(x), x.path).toBe(textOf(b[i] as typeof x));
    },
    120_000,
  );

  it.each(["moon", "home", "local"])(
    "%s: the diagram draws every node, every bastion service and the outside world",
    async (name) => {
      const v = await exampleView(name);
      const svg = byPath(await renderReport(v, await layoutEngines()), "report/diagram.svg");
      const ids = drawnNodeIds(svg);
      expect(ids).toEqual(
        [
          ...v.plan.nodes.map((n) => n.name),
          ...bastionServices(v.plan).map((s) => svcId(s.name)),
          "operator",
          "internet",
          "upstreams",
          "fleet",
          ...(v.plan.network.loadBalancerPool ? ["lb-pool"] : []),
        ].sort(),
      );
      for (const n of v.plan.nodes) expect(svg).toContain(`>${n.address}</text>`);
      expect(svg).toContain(v.plan.bastion.address);
    },
  );

  it("the page names every test and check, every address, and live results with what they ran against", async () => {
    const v = await exampleView("moon", fixtureRecords("moon"));
    const html = byPath(await renderReport(v, await layoutEngines()), "report/index.html");
    for (const t of ACCEPTANCE_IDS) expect(html).toContain(`id="${t}"`);
    for (const c of v.checks) expect(html).toContain(`id="check-${c.id.replace("/", "-")}"`);
    for (const n of v.plan.nodes) expect(html).toContain(n.address);
    const card = html.slice(html.indexOf('id="check-t09-no-open-ingress"'));
    expect(card.slice(0, card.indexOf("</article>"))).toContain(
      "ran against: </strong>AWS API emulator at http://127.0.0.1:5000 (not real AWS)",
    );
    expect(html).toContain("2026-11-30T18:05:00.000Z"); // the history row
    expect(html).toContain("31.4 s"); // the recorded boot timing
    expect(html).toContain("moonlab wake at 2026-11-30T17:55:00.000Z against AWS API emulator"); // the bring-up
    expect(html).toContain("fixture: bastion group desired 1");
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//); // nothing loads from the network
  });

  it("the exposure comes from the template's security groups: an SSH source shows as the operator's way in", async () => {
    const open = await exampleView("moon", undefined, (o) => ({
      ...o,
      bastion: { ...(o.bastion as object), ssh: { sources: ["203.0.113.7/32"] } },
    }));
    const reaches = exposureOf(open.plan, open.artifacts).reaches;
    expect(reaches).toContainEqual(
      expect.objectContaining({ from: "operator 203.0.113.7/32", to: "bastion", ports: "tcp 22" }),
    );
    const closed = await exampleView("moon");
    expect(exposureOf(closed.plan, closed.artifacts).reaches.some((r) => r.ports === "tcp 22")).toBe(false);
  });

  it("home has no cost chart and says why; aws draws one with the price table's date", async () => {
    const e = await layoutEngines();
    const home = await renderReport(await exampleView("home"), e);
    expect(home.map((a) => a.path)).not.toContain("report/cost.svg");
    expect(byPath(home, "report/index.html")).toContain("no cloud bill");
    const moon = await renderReport(await exampleView("moon"), e);
    const v = await exampleView("moon");
    const cost = JSON.parse(v.artifacts.text("cost.json")) as { pricesAsOf: string };
    expect(byPath(moon, "report/index.html")).toContain(cost.pricesAsOf);
    expect(byPath(moon, "report/cost.svg")).toMatch(/^<svg role="img"/);
  });
});
