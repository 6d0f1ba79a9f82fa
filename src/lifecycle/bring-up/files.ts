// The operator's copies of the lab's client configs under `.moonlab/<lab>/`: they hold admin keys, so the directory
// is 0700 and each file 0600, written atomically (temp file + rename) so a Ctrl-C never leaves half a file.
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export function writeOwnerOnly(dir: string, name: string, content: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const path = join(dir, name);
  const tmp = `${path}.moonlab-tmp`;
  writeFileSync(tmp, content, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
  return path;
}

/** Why a file is not an owner-only copy of `expected` (undefined when it is); `expected` undefined = any content. */
export function ownerOnlyProblem(dir: string, name: string, expected?: string): string | undefined {
  const path = join(dir, name);
  if (!existsSync(path)) return `${path} does not exist`;
  const mode = statSync(path).mode & 0o777;
  const dirMode = statSync(dir).mode & 0o777;
  if (mode & 0o077) return `${path} has mode ${mode.toString(8)}, not 600`;
  if (dirMode & 0o077) return `${dir} has mode ${dirMode.toString(8)}, not 700`;
  if (expected !== undefined && readFileSync(path, "utf8") !== expected) return `${path} differs from the lab's`;
  return undefined;
}
