// Reads a spec file defensively: only a regular file (or a pipe / stdin), and at most MAX_SPEC_BYTES, so
// `--spec /dev/zero` or a directory is bad input (exit 2), not a process the kernel kills or an EISDIR crash.
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { UsageError } from "../errors.ts";

/** A lab spec is a few kilobytes; the largest valid one (32 listed nodes with comments) stays far below this. */
export const MAX_SPEC_BYTES = 1024 * 1024;

export function readBounded(path: string | 0, label: string, max = MAX_SPEC_BYTES): string {
  let fd: number;
  try {
    fd = path === 0 ? 0 : openSync(path, "r");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${label}: ${code === "EISDIR" ? "it is a directory" : (code ?? String(e))}`);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new UsageError(`${label} is a directory; --spec names a lab.yaml file`);
    // A FIFO (process substitution) and stdin (`--spec -`, whatever it is) are read too, still within the limit.
    if (path !== 0 && !st.isFile() && !st.isFIFO())
      throw new UsageError(`${label} is not a regular file (a device or socket); --spec names a lab.yaml file`);
    if (st.isFile() && st.size > max)
      throw new UsageError(`${label} is ${st.size} bytes; a lab spec may be at most ${max} bytes`);
    const chunks: Buffer[] = [];
    let total = 0;
    const buf = Buffer.alloc(64 * 1024);
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buf, 0, buf.length, null);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === "EAGAIN") continue;
        if (code === "EOF") break;
        throw new UsageError(`cannot read ${label}: ${code ?? String(e)}`);
      }
      if (n === 0) break;
      total += n;
      if (total > max) throw new UsageError(`${label} is larger than ${max} bytes; a lab spec may be at most that`);
      chunks.push(Buffer.from(buf.subarray(0, n)));
    }
    return Buffer.concat(chunks).toString("utf8");
  } finally {
    if (path !== 0) closeSync(fd);
  }
}
