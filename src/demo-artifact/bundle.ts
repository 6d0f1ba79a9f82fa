// One self-contained ESM file from a TypeScript entry point and every package it imports, with rolldown's JS API
// (the bundler vitest's vite already brings; esbuild is not installed here). Node built-ins stay imports; everything
// from node_modules is inlined, so the file runs with `node file.mjs` and nothing beside it.
// Deterministic for a given checkout: rolldown's output depends only on the sources (module ids are written relative
// to `root`), so the layer built from it has the same digest on every build of the same tree.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { LabError } from "../errors.ts";

export interface BundledPackage {
  readonly name: string;
  readonly version: string;
  readonly license: string;
}

export interface Bundle {
  readonly code: string;
  /** The npm packages inlined into `code`, sorted by name: the third-party notice lists them. */
  readonly packages: readonly BundledPackage[];
}

/** The package.json a module of node_modules belongs to (the nearest one naming a package). */
function packageOf(moduleId: string): BundledPackage | undefined {
  let dir = dirname(moduleId);
  while (dir.includes(`${sep}node_modules${sep}`)) {
    const p = join(dir, "package.json");
    if (existsSync(p)) {
      const pkg = JSON.parse(readFileSync(p, "utf8")) as { name?: string; version?: string; license?: unknown };
      if (pkg.name && pkg.version)
        return {
          name: pkg.name,
          version: pkg.version,
          license: typeof pkg.license === "string" ? pkg.license : "see the package",
        };
    }
    dir = dirname(dir);
  }
  return undefined;
}

export async function bundleEsm(entry: string, root: string): Promise<Bundle> {
  let rolldown: typeof import("rolldown").rolldown;
  try {
    ({ rolldown } = await import("rolldown"));
  } catch (e) {
    throw new LabError(
      `the bundler rolldown is not installed (${(e as Error).message}): run \`npm ci\` (it comes with vitest)`,
      1,
    );
  }
  const warnings: string[] = [];
  const build = await rolldown({
    input: entry,
    cwd: root,
    platform: "node",
    logLevel: "warn",
    onLog: (_level, log) => {
      warnings.push(log.message);
    },
  });
  try {
    const out = await build.generate({
      format: "esm",
      codeSplitting: false,
      comments: { legal: true, annotation: false, jsdoc: false },
    });
    const chunk = out.output.find((o) => o.type === "chunk");
    if (!chunk || out.output.filter((o) => o.type === "chunk").length !== 1)
      throw new LabError(`bundling ${relative(root, entry)} gave ${out.output.length} outputs, expected one file`, 1);
    // An import the bundler could not resolve would fail only at run time, in the pod: refuse it here.
    const unresolved = warnings.filter((w) => /UNRESOLVED_IMPORT|Could not resolve/.test(w));
    if (unresolved.length > 0)
      throw new LabError(`bundling ${relative(root, entry)}: ${unresolved.join("; ")} (run \`npm ci\`)`, 1);
    const byName = new Map<string, BundledPackage>();
    for (const id of chunk.moduleIds) {
      const pkg = packageOf(id);
      if (pkg) byName.set(`${pkg.name}@${pkg.version}`, pkg);
    }
    const packages = [...byName.values()].sort((a, b) =>
      a.name === b.name ? (a.version < b.version ? -1 : 1) : a.name < b.name ? -1 : 1,
    );
    return { code: chunk.code, packages };
  } finally {
    await build.close();
  }
}
