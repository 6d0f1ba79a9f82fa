// The bastion bundle as a gzipped tar, so the AWS user-data can carry the whole bundle inside EC2's 16 KB user-data
// limit (the plain files are ~30 KB; the repetitive units and configs compress ~6x together). Byte-stable: entries
// sorted by path, the shared ustar writer (mtime 0, 0:0, owner names "root"), gzip with no timestamp at level 9.

import { gzipSync } from "node:zlib";
import { byPath } from "../../artifacts/artifact.ts";
import { ustar } from "../../lib/ustar.ts";

export interface TarEntry {
  /** Path inside the archive, relative (no leading slash). */
  readonly path: string;
  readonly content: string;
  readonly mode: number;
}

const utf8 = new TextEncoder();

export function tar(entries: readonly TarEntry[]): Buffer {
  const files = [...entries].sort(byPath).map((e) => ({ path: e.path, bytes: utf8.encode(e.content), mode: e.mode }));
  return Buffer.from(ustar(files, { owner: "root" }));
}

export function tarGz(entries: readonly TarEntry[]): Buffer {
  return gzipSync(tar(entries), { level: 9 });
}
