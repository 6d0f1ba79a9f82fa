// The programs of one control plane: each launched in its own process group with a log file, guarded so they die
// with this process (Ctrl-C included), and stopped in reverse order of start (kwok before the API server, the API
// server before etcd), so no component outlives what it talks to.
import { join } from "node:path";
import { killGroup, readLog, type Started, start } from "../proc.ts";
import { guardGroup, releaseGroup } from "./exit-guard.ts";

export class ProcessGroup {
  private readonly procs: Started[] = [];
  private readonly logDir: string;

  constructor(logDir: string) {
    this.logDir = logDir;
  }

  launch(name: string, cmd: string, args: readonly string[]): Started {
    const p = start(name, cmd, args, { logFile: join(this.logDir, `${name}.log`) });
    guardGroup(p.pid);
    this.procs.push(p);
    return p;
  }

  /** "" while `p` runs, else why it stopped (the tail of its log). */
  static alive(p: Started): string {
    return p.isRunning() ? "" : `${p.name} exited:\n${readLog(p.logFile).slice(-3000)}`;
  }

  /** Why the first program that exited did so, or "" while all run. */
  firstDead(): string {
    return this.procs.map(ProcessGroup.alive).find((s) => s !== "") ?? "";
  }

  async stop(): Promise<void> {
    for (const p of [...this.procs].reverse()) {
      await killGroup(p, 5000);
      releaseGroup(p.pid);
    }
    this.procs.length = 0;
  }
}
