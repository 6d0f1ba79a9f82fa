// Is this --out folder one moonlab may write? Checked before anything is created (the secrets bundle included):
// not "", not / or a system folder, not a file or device, and not a non-empty folder moonlab did not write (its
// manifest, .moonlab-manifest, is the ownership marker) unless the user forces it. Then, per artifact, no folder on
// its path may be a file: all of it is checked before the first byte is written.
import { accessSync, constants, existsSync, readdirSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { UsageError } from "../errors.ts";

/** The output root of a lab's plan tree: `--out` when given, else out/<lab> (every verb that reads or writes one). */
export function outDirOf(out: string | undefined, lab: string): string {
  return out ?? `out/${lab}`;
}

/** The file whose presence says moonlab wrote this folder (it lists what it wrote). */
export const OWNER_MARKER = ".moonlab-manifest";

/** Folders no render belongs in: the filesystem root, the system's top-level folders, the home folder itself. */
const SYSTEM = [
  "/",
  "/bin",
  "/boot",
  "/dev",
  "/etc",
  "/lib",
  "/lib64",
  "/opt",
  "/proc",
  "/root",
  "/run",
  "/sbin",
  "/srv",
  "/sys",
  "/tmp",
  "/usr",
  "/var",
];

export class OutDirError extends UsageError {}

export function assertOutDirUsable(root: string, options: { readonly force?: boolean } = {}): void {
  if (root.trim() === "") throw new OutDirError('--out "" names no folder; give a folder such as out/<lab>');
  const abs = resolve(root);
  if (SYSTEM.includes(abs) || abs === resolve(homedir()))
    throw new OutDirError(`refusing --out ${abs}: a system or home folder, not a render folder; use e.g. out/<lab>`);
  // The nearest existing ancestor must be a folder we can write into.
  let probe = abs;
  while (!existsSync(probe) && dirname(probe) !== probe) probe = dirname(probe);
  const st = statSync(probe);
  if (!st.isDirectory())
    throw new OutDirError(
      probe === abs
        ? `--out ${abs} is ${st.isFile() ? "a file" : "not a folder (a device or socket)"}; it must be a folder`
        : `--out ${abs}: ${probe} is a file, so no folder can be made under it`,
    );
  try {
    accessSync(probe, constants.W_OK | constants.X_OK);
  } catch {
    throw new OutDirError(`--out ${abs}: ${probe} is not writable by this user`);
  }
  if (probe !== abs || options.force === true) return;
  const entries = readdirSync(abs);
  if (entries.length > 0 && !entries.includes(OWNER_MARKER))
    throw new OutDirError(
      `--out ${abs} is a non-empty folder moonlab did not write (no ${OWNER_MARKER}): its files would be mixed ` +
        "with or overwritten by the render; choose an empty or new folder, or pass --force to write there anyway",
    );
}

/** Every file or folder on an artifact's path that is in the way (a file where a folder must be, or the reverse). */
export function blockedPaths(root: string, paths: readonly string[]): string[] {
  const abs = resolve(root);
  const out = new Set<string>();
  for (const p of paths) {
    const parts = p.split("/");
    for (let i = 1; i <= parts.length; i++) {
      const at = join(abs, ...parts.slice(0, i));
      if (!existsSync(at)) break;
      const isDir = statSync(at).isDirectory();
      if (i < parts.length ? !isDir : isDir) out.add(parts.slice(0, i).join("/"));
    }
  }
  return [...out].sort();
}
