// One byte-stable POSIX ustar writer for every archive moonlab makes (the bastion bundle in EC2 user-data, OCI image
// layers): regular files only, owned by 0:0, mtime 0, entries in the order given, then two zero blocks. Hand-written
// on purpose: the npm packages (tar, tar-stream) stamp the current time and the caller's uid unless every field is
// overridden, and a digest or a user-data hash must not depend on who built it when.
const BLOCK = 512;
const encoder = new TextEncoder();

export interface UstarFile {
  /** Path inside the archive: relative, "/"-separated, no ".."; over 100 bytes it is split into ustar's prefix. */
  readonly path: string;
  readonly bytes: Uint8Array;
  /** Permission bits (default 0o644). */
  readonly mode?: number;
}

export interface UstarOptions {
  /** uname/gname fields (the ids stay 0); empty when absent. */
  readonly owner?: string;
}

function octal(value: number, width: number): string {
  // width - 1 digits then NUL, as GNU and BSD tar write them.
  return `${value.toString(8).padStart(width - 1, "0")}\0`;
}

/** ustar's name (100 bytes) and prefix (155 bytes) for a path, split at a "/" when the name alone does not fit. */
function nameAndPrefix(path: string): [string, string] {
  if (encoder.encode(path).byteLength <= 100) return [path, ""];
  const cut = path.lastIndexOf("/", 154);
  const name = path.slice(cut + 1);
  const prefix = path.slice(0, cut);
  if (cut < 0 || encoder.encode(name).byteLength > 100 || encoder.encode(prefix).byteLength > 155)
    throw new Error(
      `path too long for ustar (a name of 1-100 bytes, after a prefix of up to 155 split at "/"): ${path}`,
    );
  return [name, prefix];
}

function header(file: UstarFile, owner: string): Uint8Array {
  if (file.path === "" || file.path.startsWith("/") || file.path.split("/").includes(".."))
    throw new Error(`tar entry path ${JSON.stringify(file.path)} must be relative, non-empty, without ".."`);
  const [name, prefix] = nameAndPrefix(file.path);
  const h = new Uint8Array(BLOCK);
  const put = (offset: number, s: string): void => {
    h.set(encoder.encode(s), offset);
  };
  put(0, name);
  put(100, octal((file.mode ?? 0o644) & 0o7777, 8));
  put(108, octal(0, 8)); // uid
  put(116, octal(0, 8)); // gid
  put(124, octal(file.bytes.byteLength, 12));
  put(136, octal(0, 12)); // mtime: the epoch, so the bytes never depend on the clock
  put(148, "        "); // the checksum field counts as spaces while summing
  put(156, "0"); // regular file
  put(257, "ustar\0");
  put(263, "00");
  put(265, owner);
  put(297, owner);
  put(345, prefix);
  let sum = 0;
  for (const b of h) sum += b;
  put(148, `${sum.toString(8).padStart(6, "0")}\0 `);
  return h;
}

/** The archive: each file's header and its bytes padded to 512, then two zero blocks. */
export function ustar(files: readonly UstarFile[], options: UstarOptions = {}): Uint8Array {
  const seen = new Set<string>();
  for (const f of files) {
    if (seen.has(f.path)) throw new Error(`tar entry ${JSON.stringify(f.path)} appears twice`);
    seen.add(f.path);
  }
  const padded = (n: number) => Math.ceil(n / BLOCK) * BLOCK;
  const out = new Uint8Array(files.reduce((n, f) => n + BLOCK + padded(f.bytes.byteLength), 2 * BLOCK));
  let at = 0;
  for (const f of files) {
    out.set(header(f, options.owner ?? ""), at);
    out.set(f.bytes, at + BLOCK);
    at += BLOCK + padded(f.bytes.byteLength);
  }
  return out;
}
