// Builds the demo's WebAssembly component with its own npm tooling in demo/hello-spin (build.ts: esbuild + the
// Spin esbuild plugin, then j2w). demo/hello-spin/dist/ is the cache: j2w skips componentizing when the bundle and
// the WIT world did not change (~2 s instead of ~25 s). A lock directory keeps two builds (e.g. two test workers)
// from writing the same files at once.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { LabError } from "../errors.ts";

export const DEMO_APP_DIR = resolve(import.meta.dirname, "../../demo/hello-spin");
export const DEMO_COMPONENT_FILE = "hello-spin.wasm";

export class DemoToolingMissingError extends LabError {
  constructor(appDir: string) {
    super(
      `the demo app's npm tooling is not installed in ${appDir} (no node_modules/.bin/j2w): ` +
        "run `npm ci` there, or scripts/install-test-tools.sh",
      2,
    );
  }
}

export class DemoBuildError extends LabError {
  constructor(why: string, output: string) {
    super(`building the demo component failed: ${why}\n${output.trim().split("\n").slice(-15).join("\n")}`, 1);
  }
}

export interface BuiltComponent {
  readonly path: string;
  readonly bytes: Uint8Array;
  readonly seconds: number;
  /** False when j2w reused the cached component (nothing changed). */
  readonly componentized: boolean;
}

/** True when `bytes` is a WebAssembly component (\0asm, component-model layer 1), not a core module. */
export function isWasmComponent(bytes: Uint8Array): boolean {
  return (
    bytes.byteLength >= 8 &&
    bytes[0] === 0x00 &&
    bytes[1] === 0x61 &&
    bytes[2] === 0x73 &&
    bytes[3] === 0x6d &&
    bytes[6] === 0x01 &&
    bytes[7] === 0x00
  );
}

export async function buildDemoComponent(
  options: { appDir?: string; timeoutMs?: number } = {},
): Promise<BuiltComponent> {
  const appDir = options.appDir ?? DEMO_APP_DIR;
  if (!existsSync(join(appDir, "node_modules/.bin/j2w"))) throw new DemoToolingMissingError(appDir);
  const out = join(appDir, "dist", DEMO_COMPONENT_FILE);
  const started = Date.now();
  const release = await lock(join(appDir, "build.lock"), options.timeoutMs ?? 300_000);
  try {
    const { code, output } = await run(process.execPath, ["build.ts", "--out", out], appDir, options.timeoutMs);
    if (code !== 0) throw new DemoBuildError(`build.ts exited ${code}`, output);
    if (!existsSync(out)) throw new DemoBuildError(`no ${out}`, output);
    const bytes = new Uint8Array(readFileSync(out));
    if (!isWasmComponent(bytes)) throw new DemoBuildError(`${out} is not a WebAssembly component`, output);
    return {
      path: out,
      bytes,
      seconds: (Date.now() - started) / 1000,
      componentized: /Component successfully written/.test(output),
    };
  } finally {
    release();
  }
}

function run(
  cmd: string,
  args: string[],
  cwd: string,
  timeoutMs = 300_000,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ["ignore", "pipe", "pipe"], timeout: timeoutMs });
    let output = "";
    child.stdout.on("data", (d: Buffer) => {
      output += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      output += d.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => resolvePromise({ code, output }));
  });
}

/** mkdir-based lock; a lock older than the timeout is stale (its holder died) and is taken over. */
async function lock(dir: string, timeoutMs: number): Promise<() => void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(dir);
      return () => rmSync(dir, { recursive: true, force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      try {
        if (Date.now() - statSync(dir).mtimeMs > timeoutMs) rmSync(dir, { recursive: true, force: true });
      } catch {
        /* released meanwhile */
      }
      if (Date.now() > deadline) throw new LabError(`timed out waiting for the demo build lock ${dir}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
