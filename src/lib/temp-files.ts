// Temp files for atomic writes (write temp, then rename): unique per process and call, so concurrent moonlab runs
// into one folder never collide, and named after their writer's pid, so a later run can remove the ones a killed
// process (kill -9 leaves no chance to clean up) left behind without touching a live writer's.
import { randomBytes } from "node:crypto";
import { readdirSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";

const MARK = ".moonlab-tmp-";
const PATTERN = /\.moonlab-tmp-(\d+)-[0-9a-f]{12}$/;

/** A fresh temp path beside `target`: `<target>.moonlab-tmp-<pid>-<random>`. */
export function tempPathFor(target: string): string {
  return `${target}${MARK}${process.pid}-${randomBytes(6).toString("hex")}`;
}

/** True when a process with this pid exists (signal 0 only checks). */
export function pidAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Removes temp files in `dir` whose writer is gone; returns their names. A missing dir is nothing to sweep. */
export function sweepStaleTemps(dir: string, alive: (pid: number) => boolean = pidAlive): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = PATTERN.exec(name);
    if (!m || alive(Number(m[1]))) continue;
    rmSync(join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}

/** Sweeps the folder a target lives in. */
export function sweepBeside(target: string): string[] {
  return sweepStaleTemps(dirname(target)).map((n) => join(dirname(target), basename(n)));
}
