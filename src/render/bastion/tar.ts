// A minimal, deterministic POSIX ustar writer + gzip, so the AWS user-data can carry the whole bundle inside EC2's
// 16 KB user-data limit (the plain files are ~30 KB; the repetitive units and configs compress ~6x together).
// Byte-stable: entries sorted by path, mtime 0, uid/gid 0, fixed owner names; gzip with no timestamp at level 9.

import { gzipSync } from "node:zlib";
import { byPath } from "../../artifacts/artifact.ts";

export interface TarEntry {
  /** Path inside the archive, relative (no leading slash). */
  readonly path: string;
  readonly content: string;
  readonly mode: number;
}

function octal(n: number, width: number): string {
  return `${n.toString(8).padStart(width - 1, "0")}\0`;
}

function header(path: string, size: number, mode: number): Buffer {
  const h = Buffer.alloc(512, 0);
  let name = path;
  let prefix = "";
  if (Buffer.byteLength(name) > 100) {
    const cut = path.lastIndexOf("/", 154);
    prefix = path.slice(0, cut);
    name = path.slice(cut + 1);
    if (cut < 0 || Buffer.byteLength(name) > 100 || Buffer.byteLength(prefix) > 155)
      throw new Error(`path too long for ustar: ${path}`);
  }
  h.write(name, 0, 100, "utf8");
  h.write(octal(mode & 0o7777, 8), 100, 8, "ascii");
  h.write(octal(0, 8), 108, 8, "ascii");
  h.write(octal(0, 8), 116, 8, "ascii");
  h.write(octal(size, 12), 124, 12, "ascii");
  h.write(octal(0, 12), 136, 12, "ascii");
  h.write("        ", 148, 8, "ascii");
  h.write("0", 156, 1, "ascii");
  h.write("ustar\0", 257, 6, "ascii");
  h.write("00", 263, 2, "ascii");
  h.write("root", 265, 32, "ascii");
  h.write("root", 297, 32, "ascii");
  h.write(prefix, 345, 155, "utf8");
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, 8, "ascii");
  return h;
}

export function tar(entries: readonly TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of [...entries].sort(byPath)) {
    const body = Buffer.from(e.content, "utf8");
    parts.push(header(e.path, body.length, e.mode), body, Buffer.alloc((512 - (body.length % 512)) % 512, 0));
  }
  parts.push(Buffer.alloc(1024, 0));
  return Buffer.concat(parts);
}

export function tarGz(entries: readonly TarEntry[]): Buffer {
  return gzipSync(tar(entries), { level: 9 });
}
