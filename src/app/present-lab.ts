// `moonlab report` and `moonlab talk`: gathers the LabView (render + plan-mode checks + the records under
// .moonlab/<lab>/), loads the layout engine (Graphviz as WebAssembly) and the slide framework's files, and runs the
// pure renderers of src/present. Reading records and vendor files is I/O, so it lives here, not in the renderers.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Graphviz } from "@hpcc-js/wasm-graphviz";
import type { Artifact } from "../artifacts/artifact.ts";
import { ArtifactTree } from "../artifacts/tree.ts";
import { loadChecks } from "../checks/run-suite.ts";
import { SUITE } from "../checks/suite.ts";
import type { Plan } from "../plan/types.ts";
import type { Engines, LabView } from "../present/lab-view.ts";
import { parseRecords, type Records } from "../present/records.ts";
import { renderReport } from "../present/report/index.ts";
import { renderTalk, type VendorFile } from "../present/talk/index.ts";
import { secretsPaths } from "../secrets/store.ts";
import type { LabSecrets } from "../secrets/types.ts";
import { renderAndCheck } from "./plan-lab.ts";

/** .moonlab/<lab>/ beside the spec (or $MOONLAB_SECRETS_DIR/<lab>/): where runs and timings are recorded. */
export function labStateDir(specDir: string, lab: string): string {
  return secretsPaths(specDir, lab).dir;
}

function readJsonFiles(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!existsSync(dir)) return out;
  for (const f of readdirSync(dir)
    .filter((n) => n.endsWith(".json"))
    .sort())
    out.set(f, readFileSync(join(dir, f), "utf8"));
  return out;
}

export function readRecords(stateDir: string): Records {
  return parseRecords(
    readJsonFiles(join(stateDir, "runs")),
    readJsonFiles(join(stateDir, "timings")),
    readJsonFiles(join(stateDir, "bring-up")),
  );
}

export async function labView(plan: Plan, secrets: LabSecrets, records: Records): Promise<LabView> {
  const rendered = await renderAndCheck(plan, secrets);
  return {
    plan,
    artifacts: new ArtifactTree(rendered.artifacts),
    checks: await loadChecks(SUITE),
    results: rendered.results,
    records,
  };
}

let graphviz: Promise<Graphviz> | undefined;

export async function engines(): Promise<Engines> {
  graphviz ??= Graphviz.load();
  const gv = await graphviz;
  return { layout: (dot) => gv.dot(dot, "svg") };
}

/** reveal.js's distribution files the deck needs, read from the installed npm package (copied, never linked). */
export function revealFiles(): VendorFile[] {
  const require = createRequire(import.meta.url);
  // The package exports no package.json; its CommonJS entry is dist/reveal.js.
  const dist = dirname(require.resolve("reveal.js"));
  const pkg = join(dist, "..");
  const version = (JSON.parse(readFileSync(join(pkg, "package.json"), "utf8")) as { version: string }).version;
  return [
    ...["reveal.js", "reveal.css", "theme/white.css", "plugin/notes.js"].map((f) => ({
      path: f,
      content: readFileSync(join(dist, f)),
      version,
    })),
    { path: "LICENSE", content: readFileSync(join(pkg, "LICENSE")), version },
  ];
}

export async function reportArtifacts(view: LabView): Promise<Artifact[]> {
  return renderReport(view, await engines());
}

export async function talkArtifacts(view: LabView, specPath?: string): Promise<Artifact[]> {
  return renderTalk(view, await engines(), revealFiles(), specPath === undefined ? {} : { specPath });
}
