// A minimal newc ("070701") cpio writer: what the Linux kernel unpacks as an initramfs. Deterministic (fixed mtime,
// inode numbers by position) so the same inputs give the same bytes.
// Format: https://docs.kernel.org/driver-api/early-userspace/buffer-format.html

export type CpioEntry =
  | { readonly type: "dir"; readonly path: string; readonly mode?: number }
  | { readonly type: "file"; readonly path: string; readonly data: Uint8Array | string; readonly mode?: number }
  | { readonly type: "symlink"; readonly path: string; readonly target: string }
  | {
      readonly type: "char";
      readonly path: string;
      readonly major: number;
      readonly minor: number;
      readonly mode?: number;
    };

const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
const S_IFCHR = 0o020000;

function hex8(n: number): string {
  return n.toString(16).padStart(8, "0");
}

function pad4(n: number): number {
  return (4 - (n % 4)) % 4;
}

function record(
  name: string,
  ino: number,
  mode: number,
  data: Uint8Array,
  rdev: { major: number; minor: number } = { major: 0, minor: 0 },
): Buffer {
  const nameBytes = Buffer.from(`${name}\0`, "utf8");
  const header =
    "070701" +
    hex8(ino) +
    hex8(mode) +
    hex8(0) + // uid
    hex8(0) + // gid
    hex8(1) + // nlink
    hex8(0) + // mtime: fixed for byte-stable archives
    hex8(data.length) +
    hex8(0) + // devmajor
    hex8(0) + // devminor
    hex8(rdev.major) +
    hex8(rdev.minor) +
    hex8(nameBytes.length) +
    hex8(0); // check
  const head = Buffer.concat([Buffer.from(header, "ascii"), nameBytes]);
  return Buffer.concat([head, Buffer.alloc(pad4(head.length)), Buffer.from(data), Buffer.alloc(pad4(data.length))]);
}

/** The archive bytes: entries in the given order (parents before children), then the TRAILER!!! record. */
export function cpioNewc(entries: readonly CpioEntry[]): Buffer {
  const parts: Buffer[] = [];
  entries.forEach((e, i) => {
    const name = e.path.replace(/^\/+/, "");
    if (name === "" || name.split("/").includes("..")) throw new Error(`bad cpio path ${JSON.stringify(e.path)}`);
    const ino = i + 1;
    switch (e.type) {
      case "dir":
        parts.push(record(name, ino, S_IFDIR | (e.mode ?? 0o755), new Uint8Array()));
        break;
      case "file":
        parts.push(
          record(name, ino, S_IFREG | (e.mode ?? 0o644), typeof e.data === "string" ? Buffer.from(e.data) : e.data),
        );
        break;
      case "symlink":
        parts.push(record(name, ino, S_IFLNK | 0o777, Buffer.from(e.target)));
        break;
      case "char":
        parts.push(record(name, ino, S_IFCHR | (e.mode ?? 0o600), new Uint8Array(), e));
        break;
    }
  });
  parts.push(record("TRAILER!!!", 0, 0, new Uint8Array()));
  return Buffer.concat(parts);
}
