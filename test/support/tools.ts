// External programs integration tests need. With CI=true a missing tool fails the test (CI must install it);
// otherwise the suite is skipped and says why and how to get the tool.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, join, resolve } from "node:path";
import { describe, it } from "vitest";

export const ROOT = resolve(import.meta.dirname, "../..");
/** Where scripts/install-test-tools.sh puts what it installs (git-ignored). */
export const TOOL_DIRS = [join(ROOT, ".tools/bin"), join(ROOT, ".tools/venv/bin"), join(ROOT, ".tools/go/bin")];

export interface ToolRequirement {
  readonly name: string;
  /** How to get it, printed when it is missing. */
  readonly how: string;
  /** Optional extra readiness probe (e.g. running as root for ip netns). */
  readonly probe?: () => boolean;
}

/** Absolute path of an executable in the tools folders or on PATH, or undefined. */
export function which(name: string): string | undefined {
  for (const dir of [...TOOL_DIRS, ...(process.env.PATH ?? "").split(delimiter)]) {
    const p = join(dir, name);
    if (dir && existsSync(p)) return p;
  }
  return undefined;
}

export function requireTool(name: string): string {
  const p = which(name);
  if (!p) throw new Error(`${name} is not installed: run scripts/install-test-tools.sh`);
  return p;
}

function missing(reqs: readonly ToolRequirement[]): ToolRequirement[] {
  return reqs.filter((r) => !which(r.name) || (r.probe !== undefined && !safe(r.probe)));
}

function safe(f: () => boolean): boolean {
  try {
    return f();
  } catch {
    return false;
  }
}

export const isRoot = (): boolean => process.getuid?.() === 0;

export function canRun(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: "ignore", timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

/** describe() that needs external tools: runs when present, fails in CI when missing, skips (saying why) locally. */
export function describeWithTools(reqs: readonly ToolRequirement[], title: string, body: () => void): void {
  const absent = missing(reqs);
  if (absent.length === 0) {
    describe(title, body);
    return;
  }
  const why = absent.map((r) => `${r.name} (get it: ${r.how})`).join("; ");
  if (process.env.CI === "true") {
    describe(title, () => {
      it("has its external tools installed", () => {
        throw new Error(`CI=true and missing: ${why}`);
      });
    });
    return;
  }
  process.stderr.write(`skipping "${title}": missing ${why}\n`);
  describe.skip(title, body);
}

/** Upstream schemas and CRDs, fetched pinned from the Go module proxy by scripts/test-tools/36-schemas.sh. */
export const UPSTREAM_SCHEMAS = join(ROOT, ".tools/share/schemas");
/** Upstream data no registry serves (CozyStack), kept unmodified with its provenance in the repository. */
export const VENDORED_SCHEMAS = join(ROOT, "test/fixtures/upstream");
export const SCHEMAS_REQUIREMENT: ToolRequirement = {
  name: "go",
  how: "scripts/install-test-tools.sh (scripts/test-tools/36-schemas.sh fetches the upstream schemas)",
  probe: () => existsSync(join(UPSTREAM_SCHEMAS, "talos/v1.13/config.schema.json")),
};
