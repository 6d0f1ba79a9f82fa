// The labs the Talos integration tests render: both examples, and the moon lab on the v1.11 line (CozyStack v0).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { finalContent } from "../../../src/artifacts/artifact.ts";
import type { Plan } from "../../../src/plan/types.ts";
import { renderTalos } from "../../../src/render/talos/index.ts";
import { fixtureSecrets } from "../../fakes/secrets.ts";
import { patched, planOf } from "../../support/lab.ts";

export const LABS: readonly (readonly [string, Plan])[] = [
  ["moon", planOf(patched("moon", {}))],
  ["home", planOf(patched("home", {}))],
  [
    "moon-v1.11",
    planOf(
      patched("moon", { talos: { version: "v1.11.5" }, cozystack: { version: "v0.41.11", variant: "paas-full" } }),
    ),
  ],
];

/** Renders a lab's talos family with the fixture secrets into a fresh directory, as the writer would write it. */
export async function renderToDir(
  name: string,
  plan: Plan,
  seed?: string,
): Promise<{ dir: string; configs: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), `moonlab-talos-${name}-`));
  const configs: string[] = [];
  for (const a of renderTalos(plan, await fixtureSecrets(seed), {})) {
    const base = a.path.replace(/^talos\//, "").replace(/\//g, "_");
    const file = join(dir, base);
    writeFileSync(file, finalContent(a));
    if (/^talos\/[^/]+\.yaml$/.test(a.path)) configs.push(file);
  }
  return { dir, configs };
}
