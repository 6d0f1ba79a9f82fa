// The report and the deck as a person sees them: Debian's Chromium (driven by playwright-core, no browser
// download) opens them from disk, and the test looks at what is on screen: no console errors, no request leaves
// the folder, every test id and the lab's addresses visible, every node drawn, no serious accessibility findings
// (axe-core), the deck prints to PDF. Screenshots at desktop and phone widths go to out/screenshots/ for review.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { reportArtifacts, talkArtifacts } from "../../../src/app/present-lab.ts";
import { ACCEPTANCE_IDS } from "../../../src/checks/acceptance.ts";
import type { LabView } from "../../../src/present/lab-view.ts";
import { writeArtifacts } from "../../../src/render/write.ts";
import { exampleView, fixtureRecords } from "../../support/present.ts";
import { describeWithTools, ROOT } from "../../support/tools.ts";

const CHROMIUM = "/usr/bin/chromium";
const SHOTS = join(ROOT, "out/screenshots");
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** The browser globals the page functions read (this project compiles without the DOM library). */
interface PageGlobals {
  readonly document: { readonly documentElement: { readonly scrollWidth: number } };
  readonly innerWidth: number;
}

interface Watch {
  readonly errors: string[];
  readonly outside: string[];
}

/** A page that records console errors and refuses (and records) every request outside `dir`. */
async function watchedPage(
  browser: Browser,
  dir: string,
  viewport: { width: number; height: number },
): Promise<{ page: Page; watch: Watch }> {
  const ctx = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  const page = await ctx.newPage();
  const watch: Watch = { errors: [], outside: [] };
  page.on("console", (m) => {
    if (m.type() === "error") watch.errors.push(m.text());
  });
  page.on("pageerror", (e) => watch.errors.push(String(e)));
  const inside = pathToFileURL(dir).href;
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(inside) || url.startsWith("data:")) return route.continue();
    watch.outside.push(url);
    return route.abort();
  });
  return { page, watch };
}

// preload: false keeps axe from fetching the page's stylesheets itself (XHR to file:// is refused by Chromium and
// would show up as console errors that are axe's, not the page's).
async function seriousAxe(page: Page, exclude: string[] = []): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const found = await page.evaluate(async (ex) => {
    const w = globalThis as unknown as {
      axe: {
        run: (
          c: unknown,
          o: unknown,
        ) => Promise<{ violations: { id: string; impact: string; nodes: { target: unknown }[] }[] }>;
      };
    };
    const r = await w.axe.run(
      { exclude: ex.map((s) => [s]) },
      { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "best-practice"] }, preload: false },
    );
    return r.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id} (${v.impact}): ${JSON.stringify(v.nodes.slice(0, 3).map((n) => n.target))}`);
  }, exclude);
  return found;
}

describeWithTools(
  [{ name: "chromium", how: "scripts/test-tools/50-chromium.sh (Debian's chromium package)" }],
  "report and talk in a real browser",
  () => {
    let browser: Browser;
    let dir: string;
    const views = new Map<string, LabView>();
    beforeAll(async () => {
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
      dir = mkdtempSync(join(tmpdir(), "moonlab-present-"));
      mkdirSync(SHOTS, { recursive: true });
      for (const name of ["moon", "home", "local"]) {
        const v = await exampleView(name, name === "moon" ? fixtureRecords("moon") : undefined);
        views.set(name, v);
        const strip = (kind: string, a: Awaited<ReturnType<typeof reportArtifacts>>) =>
          a.map((x) => ({ ...x, path: x.path.slice(kind.length + 1) }));
        writeArtifacts(join(dir, name, "report"), strip("report", await reportArtifacts(v)));
        writeArtifacts(join(dir, name, "talk"), strip("talk", await talkArtifacts(v, `examples/${name}.lab.yaml`)));
      }
    }, 300_000);
    afterAll(async () => {
      await browser?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it.each(["moon", "home", "local"])(
      "%s report: loads offline, shows every test and address, draws every node, passes axe",
      async (name) => {
        const v = views.get(name) as LabView;
        const { page, watch } = await watchedPage(browser, join(dir, name), { width: 1280, height: 800 });
        await page.goto(pathToFileURL(join(dir, name, "report/index.html")).href);
        for (const t of ACCEPTANCE_IDS) expect(await page.locator(`section#${t} h3`).isVisible(), t).toBe(true);
        for (const a of [v.plan.bastion.address, ...v.plan.nodes.map((n) => n.address)])
          expect(await page.getByText(a, { exact: true }).first().isVisible(), a).toBe(true);
        const drawn = await page.$$eval("figure.diagram svg g.node", (gs) => gs.map((g) => g.id));
        for (const n of v.plan.nodes) expect(drawn).toContain(n.name);
        expect(await page.locator("figure.diagram svg").isVisible()).toBe(true);
        expect(await seriousAxe(page)).toEqual([]);
        await page.screenshot({ path: join(SHOTS, `${name}-report-desktop.png`), fullPage: true });
        await page.locator("figure.diagram").screenshot({ path: join(SHOTS, `${name}-diagram.png`) });
        await page.setViewportSize({ width: 390, height: 844 });
        // On a phone the page itself does not scroll sideways; wide tables and the diagram scroll in their own region.
        expect(
          await page.evaluate(
            () =>
              (globalThis as unknown as PageGlobals).document.documentElement.scrollWidth <=
              (globalThis as unknown as PageGlobals).innerWidth + 1,
          ),
        ).toBe(true);
        await page.screenshot({ path: join(SHOTS, `${name}-report-phone.png`), fullPage: true });
        await page.screenshot({ path: join(SHOTS, `${name}-report-phone-top.png`) });
        await page.locator("section#T04").scrollIntoViewIfNeeded();
        await page.screenshot({ path: join(SHOTS, `${name}-report-phone-suite.png`) });
        expect(watch.outside).toEqual([]);
        expect(watch.errors).toEqual([]);
        await page.context().close();
      },
      120_000,
    );

    it.each(["moon", "home", "local"])(
      "%s talk: reveal.js runs offline, every slide renders, axe passes, it prints to PDF",
      async (name) => {
        const v = views.get(name) as LabView;
        const { page, watch } = await watchedPage(browser, join(dir, name), { width: 1280, height: 720 });
        const url = pathToFileURL(join(dir, name, "talk/index.html")).href;
        await page.goto(url);
        await page.waitForFunction(
          () => (globalThis as unknown as { Reveal?: { isReady(): boolean } }).Reveal?.isReady() === true,
        );
        const total = await page.evaluate(() =>
          (globalThis as unknown as { Reveal: { getTotalSlides(): number } }).Reveal.getTotalSlides(),
        );
        expect(total).toBeGreaterThanOrEqual(12);
        await page.screenshot({ path: join(SHOTS, `${name}-talk-title.png`) });
        // The architecture slide: the diagram with every node.
        await page.evaluate(() => (globalThis as unknown as { Reveal: { slide(h: number): void } }).Reveal.slide(3));
        const drawn = await page.$$eval("section.present svg g.node", (gs) => gs.map((g) => g.id));
        for (const n of v.plan.nodes) expect(drawn).toContain(n.name);
        await page.screenshot({ path: join(SHOTS, `${name}-talk-diagram.png`) });
        await page.evaluate(() => (globalThis as unknown as { Reveal: { slide(h: number): void } }).Reveal.slide(9));
        // biome-ignore lint/performance/useDomNodeTextContent: innerText is the rendered text a person sees on the slide
        expect(await page.locator("section.present").innerText()).toContain("./moonlab");
        await page.screenshot({ path: join(SHOTS, `${name}-talk-demo.png`) });
        expect(await seriousAxe(page, [".slides > section:not(.present)"])).toEqual([]);
        // reveal.js's print layout (?print-pdf): one page per slide.
        await page.goto(`${url}?print-pdf`);
        // reveal.js lays the print pages out after it is ready (asynchronously): wait until every slide has its page.
        await page.waitForFunction(
          (n) =>
            (
              globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }
            ).document.querySelectorAll(".pdf-page").length >= n,
          total,
        );
        const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
        const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
        expect(pages).toBeGreaterThanOrEqual(total);
        expect(watch.outside).toEqual([]);
        expect(watch.errors).toEqual([]);
        await page.context().close();
      },
      120_000,
    );
  },
);
