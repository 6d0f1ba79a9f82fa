// The wall stays: no import in src/ runs against the layers spec -> plan -> render -> checks/adapters ->
// operations -> app -> cli (docs/architecture.md). A backward import fails here with the file, the import and the
// two layers, so the kernel cannot drift back into a higher floor.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = fileURLToPath(new URL("../src/", import.meta.url));

/** Each top-level module of src/ and its floor; a module may import only modules on strictly lower floors. */
const LAYERS: Readonly<Record<string, number>> = {
  lib: 0, // pure helpers (IPv4 arithmetic)
  versions: 0, // the one pinned version matrix
  ports: 1, // AwsPort, KubePort, BastionPort, HttpPort, TalosPort: interfaces only
  artifacts: 1, // the Artifact model and the in-memory rendered tree
  spec: 2, // schema, validation, loading a lab.yaml
  "errors.ts": 3, // error classes (carry spec issues)
  plan: 4, // spec -> resolved plan
  secrets: 5, // the Talos secrets bundle
  "cost-model": 5, // prices and the estimate of a plan
  render: 6, // pure renderers and the readers of what they render
  checks: 7, // the acceptance suite
  adapters: 7, // real implementations of the ports
  lifecycle: 8, // AWS up/wake/sleep/down
  rehearse: 8, // the boot chain in network namespaces
  fleet: 8, // the fleet repository: push the rendered GitOps tree
  moonlander: 8, // the Moonlander controller runtime
  "demo-artifact": 8, // OCI artifacts: the demo Spin app, the Moonlander controller image
  present: 8, // the report and the talk: pure renderers over the plan, the suite's results and the records
  app: 9, // use cases, one per verb
  cli: 10, // parse and print
};

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") ? [p] : [];
  });
}

const moduleOf = (file: string): string => relative(SRC, file).split("/")[0] ?? "";

/** Relative import specifiers of one file (static `from`, `import()` and side-effect imports). */
function importsOf(text: string): string[] {
  return [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["'](\.{1,2}\/[^"']+)["']/g)].map((m) => m[1] as string);
}

describe("layers", () => {
  const files = sources(SRC);

  it("every top-level module of src/ has a floor", () => {
    expect([...new Set(files.map(moduleOf))].filter((m) => !(m in LAYERS)).sort()).toEqual([]);
  });

  it("no import runs back up (or sideways between modules of one floor)", () => {
    const backward: string[] = [];
    for (const f of files) {
      const from = moduleOf(f);
      for (const spec of importsOf(readFileSync(f, "utf8"))) {
        const to = moduleOf(resolve(dirname(f), spec));
        if (to === from) continue;
        if ((LAYERS[to] ?? 99) >= (LAYERS[from] ?? -1))
          backward.push(
            `${relative(SRC, f)} imports ${spec} (${from} floor ${LAYERS[from]} -> ${to} floor ${LAYERS[to]})`,
          );
      }
    }
    expect(backward).toEqual([]);
  });

  it("catches a backward import (the detector can fail)", () => {
    expect(importsOf('import { x } from "../cli/main.ts";\nconst m = await import("../app/a.ts");')).toEqual([
      "../cli/main.ts",
      "../app/a.ts",
    ]);
  });
});
