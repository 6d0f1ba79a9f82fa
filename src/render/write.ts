// Writes artifacts under an output root: refuses paths that escape it, writes each file atomically (temp + rename),
// skips files whose bytes are unchanged, and removes files it wrote before that are no longer rendered.
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { type Artifact, finalContent } from "../artifacts/artifact.ts";
import { PathEscapeError } from "../errors.ts";
import { sweepStaleTemps, tempPathFor } from "../lib/temp-files.ts";
import { assertOutDirUsable, blockedPaths, OutDirError, OWNER_MARKER } from "./out-dir.ts";

export const MANIFEST = OWNER_MARKER;

export interface WriteReport {
  readonly written: readonly string[];
  readonly unchanged: readonly string[];
  readonly removed: readonly string[];
}

/** Throws PathEscapeError for any artifact path outside root; checks all before writing anything. */
export function assertInside(root: string, artifacts: readonly Artifact[]): void {
  const abs = resolve(root);
  for (const a of artifacts) {
    if (
      a.path === "" ||
      isAbsolute(a.path) ||
      a.path.includes("\\") ||
      a.path.split("/").some((p) => p === ".." || p === "")
    )
      throw new PathEscapeError(a.path, abs);
    const target = resolve(abs, a.path);
    const rel = relative(abs, target);
    if (rel === "" || rel.startsWith(`..${sep}`) || rel === ".." || isAbsolute(rel))
      throw new PathEscapeError(a.path, abs);
  }
  const seen = new Set<string>();
  for (const a of artifacts) {
    if (seen.has(a.path)) throw new Error(`two artifacts render the same path: ${a.path}`);
    seen.add(a.path);
  }
}

function sameBytes(path: string, content: string | Uint8Array): boolean {
  if (!existsSync(path)) return false;
  const a = readFileSync(path);
  const b = typeof content === "string" ? Buffer.from(content, "utf8") : Buffer.from(content);
  return a.equals(b);
}

export function writeArtifacts(
  root: string,
  artifacts: readonly Artifact[],
  options: { readonly force?: boolean } = {},
): WriteReport {
  assertInside(root, artifacts);
  assertOutDirUsable(root, options);
  const abs = resolve(root);
  const blocked = blockedPaths(
    abs,
    artifacts.map((a) => a.path),
  );
  if (blocked.length > 0)
    throw new OutDirError(
      `cannot write into ${abs}: ${blocked.map((b) => join(abs, b)).join(", ")} ${blocked.length === 1 ? "is" : "are"} ` +
        "in the way (a file where the render needs a folder, or a folder where it writes a file); move it away",
    );
  try {
    return writeChecked(abs, artifacts);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // Checked above, but the disk can still refuse (read-only mount, full disk, a race with another program).
    if (code && ["EACCES", "EPERM", "EROFS", "ENOSPC", "ENOTDIR", "EISDIR", "EEXIST", "EDQUOT"].includes(code))
      throw new OutDirError(`cannot write into ${abs}: ${(e as Error).message}`);
    throw e;
  }
}

function writeChecked(abs: string, artifacts: readonly Artifact[]): WriteReport {
  mkdirSync(abs, { recursive: true });
  // The marker first: a run killed half-way still leaves a folder moonlab recognises as its own.
  const manifestPath = join(abs, MANIFEST);
  if (!existsSync(manifestPath)) writeFileSync(manifestPath, "");
  const written: string[] = [];
  const unchanged: string[] = [];
  const sorted = [...artifacts].sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
  // Temp files a killed run left behind (their writer's pid is gone).
  for (const d of new Set(sorted.map((a) => dirname(join(abs, a.path))))) sweepStaleTemps(d);
  for (const a of sorted) {
    const target = join(abs, a.path);
    const content = finalContent(a);
    const mode = a.mode ?? 0o644;
    if (sameBytes(target, content) && (statSync(target).mode & 0o777) === mode) {
      unchanged.push(a.path);
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    const tmp = tempPathFor(target);
    writeFileSync(tmp, content, { mode });
    chmodSync(tmp, mode);
    renameSync(tmp, target);
    written.push(a.path);
  }
  // Remove what an earlier run wrote and this one no longer renders, so the tree equals the render exactly.
  const removed: string[] = [];
  if (existsSync(manifestPath)) {
    const now = new Set(sorted.map((a) => a.path));
    for (const old of readFileSync(manifestPath, "utf8").split("\n").filter(Boolean)) {
      if (now.has(old)) continue;
      try {
        assertInside(abs, [{ path: old, content: "" }]);
      } catch {
        continue;
      }
      rmSync(join(abs, old), { force: true });
      removed.push(old);
      pruneEmptyDirs(abs, dirname(join(abs, old)));
    }
  }
  const manifest = `${sorted.map((a) => a.path).join("\n")}\n`;
  if (!sameBytes(manifestPath, manifest)) {
    const tmp = tempPathFor(manifestPath);
    writeFileSync(tmp, manifest);
    renameSync(tmp, manifestPath);
  }
  return { written, unchanged, removed };
}

function pruneEmptyDirs(root: string, dir: string): void {
  let d = dir;
  while (d.startsWith(root) && d !== root && existsSync(d) && readdirSync(d).length === 0) {
    rmSync(d, { recursive: true });
    d = dirname(d);
  }
}
