// Processes the integration tests start and stop as a group (a registry, jco and its child), and free ports for them.
import { type ChildProcess, spawn } from "node:child_process";
import { freePorts } from "../../src/rehearse/cluster/free-ports.ts";

/** A free loopback port (the rehearsal's freePorts, one at a time). */
export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  if (port === undefined) throw new Error("no free port");
  return port;
}

export interface Started {
  readonly proc: ChildProcess;
  readonly log: string[];
}

/** Starts a program in its own process group (jco spawns a child) so the whole group can be stopped. */
export function startGroup(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Started {
  const log: string[] = [];
  const proc = spawn(cmd, args, { detached: true, env, stdio: ["ignore", "pipe", "pipe"] });
  proc.stdout?.on("data", (b: Buffer) => log.push(b.toString()));
  proc.stderr?.on("data", (b: Buffer) => log.push(b.toString()));
  return { proc, log };
}

export async function stopGroup(s: Started | undefined): Promise<void> {
  const pid = s?.proc.pid;
  if (!s || pid === undefined || s.proc.exitCode !== null) return;
  const exited = new Promise<void>((r) => s.proc.once("exit", () => r()));
  try {
    process.kill(-pid, "SIGTERM");
  } catch {
    return;
  }
  const t = setTimeout(() => {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      /* gone */
    }
  }, 3000);
  await exited;
  clearTimeout(t);
}

/** Polls `url` until it answers (any status) or the deadline passes. */
export async function waitHttp(url: string, s: Started, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (s.proc.exitCode !== null) throw new Error(`exited ${s.proc.exitCode} before answering: ${s.log.join("")}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(2000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms: ${s.log.join("")}`);
}
