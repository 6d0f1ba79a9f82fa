// Builds dist/hello-spin.wasm the way Spin's v3 http-ts template does: esbuild bundles src/index.ts (esm, browser)
// with the Spin esbuild plugin (it marks the component's WIT imports, e.g. wasi:cli/environment, as external), then
// j2w (componentize-js + StarlingMonkey, all inside the npm packages: no network) turns the bundle into a
// wasi:http component. j2w exits 0 even when it fails, so this checks its output and the component header.
// Usage: node build.ts [--out FILE]   (run from this folder; Node >= 22.18 strips the types)
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, openSync, readSync, closeSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { build } from "esbuild";
// @ts-expect-error: the plugin ships as plain JS without types
import { SpinEsbuildPlugin } from "@spinframework/build-tools/plugins/esbuild/index.js";

const here = import.meta.dirname;
process.chdir(here); // the Spin plugin and j2w read ./package.json to find the WIT worlds
const outArg = process.argv.indexOf("--out");
const out = resolve(outArg > 0 && process.argv[outArg + 1] ? process.argv[outArg + 1] : "dist/hello-spin.wasm");
mkdirSync("build", { recursive: true });
mkdirSync(dirname(out), { recursive: true });

await build({
  entryPoints: ["src/index.ts"],
  outfile: "build/bundle.js",
  bundle: true,
  format: "esm",
  platform: "browser",
  minify: false,
  sourcemap: false,
  logLevel: "warning",
  plugins: [await SpinEsbuildPlugin()],
});

const j2w = resolve("node_modules/.bin/j2w");
const r = spawnSync(j2w, ["-i", "build/bundle.js", "--initLocation", "http://hello-spin.localhost", "-o", out], {
  encoding: "utf8",
});
process.stdout.write(r.stdout ?? "");
process.stderr.write(r.stderr ?? "");
const said = `${r.stdout}\n${r.stderr}`;
if (r.status !== 0 || /error occurred/i.test(said) || !existsSync(out) || !isComponent(out)) {
  process.stderr.write(`build failed: j2w did not write a WebAssembly component to ${out}\n`);
  process.exit(1);
}
process.stdout.write(`${out}\n`);

/** A component starts with \0asm and the component-model layer (version 0x0d, layer 0x01). */
function isComponent(file: string): boolean {
  const fd = openSync(file, "r");
  const b = Buffer.alloc(8);
  readSync(fd, b, 0, 8, 0);
  closeSync(fd);
  return b.subarray(0, 4).toString("latin1") === "\0asm" && b[6] === 0x01 && b[7] === 0x00;
}
