// A byte-stable tar archive (POSIX ustar) of regular files, for OCI image layers: every entry owned by 0:0, mtime 0,
// mode as given, in the order given, no directory entries (the image volume's root is the mount point, so files at
// the archive root need none). Hand-written on purpose: the packages on npm (tar, tar-stream) stamp the current time
// and the caller's uid unless every field is overridden, and a layer's digest must not depend on who built it when.
const BLOCK = 512;

export interface TarFile {
  /** Path inside the archive: relative, "/"-separated, at most 100 bytes (ustar's name field, no prefix used). */
  readonly path: string;
  readonly bytes: Uint8Array;
  /** Permission bits (default 0o644). */
  readonly mode?: number;
}

const encoder = new TextEncoder();

function octal(value: number, width: number): string {
  // width - 1 digits then NUL, as GNU and BSD tar write them.
  return `${value.toString(8).padStart(width - 1, "0")}\0`;
}

function header(file: TarFile): Uint8Array {
  const name = encoder.encode(file.path);
  if (
    name.byteLength === 0 ||
    name.byteLength > 100 ||
    file.path.startsWith("/") ||
    file.path.split("/").includes("..")
  )
    throw new Error(`tar entry path ${JSON.stringify(file.path)} must be relative, without "..", 1-100 bytes`);
  const h = new Uint8Array(BLOCK);
  const put = (offset: number, s: string): void => {
    h.set(encoder.encode(s), offset);
  };
  h.set(name, 0);
  put(100, octal(file.mode ?? 0o644, 8));
  put(108, octal(0, 8)); // uid
  put(116, octal(0, 8)); // gid
  put(124, octal(file.bytes.byteLength, 12));
  put(136, octal(0, 12)); // mtime: the epoch, so the digest never depends on the clock
  put(148, "        "); // checksum field counts as spaces while summing
  put(156, "0"); // regular file
  put(257, "ustar\0");
  put(263, "00");
  let sum = 0;
  for (const b of h) sum += b;
  put(148, `${sum.toString(8).padStart(6, "0")}\0 `);
  return h;
}

/** The archive: each file's header and its bytes padded to 512, then two zero blocks. */
export function tarArchive(files: readonly TarFile[]): Uint8Array {
  const seen = new Set<string>();
  for (const f of files) {
    if (seen.has(f.path)) throw new Error(`tar entry ${JSON.stringify(f.path)} appears twice`);
    seen.add(f.path);
  }
  const size = files.reduce((n, f) => n + BLOCK + Math.ceil(f.bytes.byteLength / BLOCK) * BLOCK, 2 * BLOCK);
  const out = new Uint8Array(size);
  let at = 0;
  for (const f of files) {
    out.set(header(f), at);
    at += BLOCK;
    out.set(f.bytes, at);
    at += Math.ceil(f.bytes.byteLength / BLOCK) * BLOCK;
  }
  return out;
}
