// Child processes of a rehearsal: each runs in its own process group (so qemu, dnsmasq and their children die
// together), optionally inside a network namespace, with output captured to a log file and waits that are bounded.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";

export interface Started {
  readonly name: string;
  readonly child: ChildProcess;
  readonly pid: number;
  readonly logFile: string;
  /** Time the process was spawned (ms, performance.now()). */
  readonly startedAt: number;
  /** Resolves with the exit code (or signal name) once the process exited. */
  readonly exited: Promise<number | string>;
  isRunning(): boolean;
}

export interface StartOptions {
  readonly netns?: string;
  readonly logFile: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Pipe stdout to the caller instead of the log file (the phone-home server's JSON lines). */
  readonly pipeStdout?: boolean;
}

/** Wraps a command so it runs inside a network namespace. */
export function inNetns(netns: string | undefined, cmd: string, args: readonly string[]): [string, string[]] {
  return netns === undefined ? [cmd, [...args]] : ["ip", ["netns", "exec", netns, cmd, ...args]];
}

export function start(name: string, cmd: string, args: readonly string[], o: StartOptions): Started {
  const [file, argv] = inNetns(o.netns, cmd, args);
  const fd = openSync(o.logFile, "a");
  const startedAt = performance.now();
  let child: ChildProcess;
  try {
    child = spawn(file, argv, {
      detached: true, // own process group: killGroup() reaches every descendant
      stdio: ["ignore", o.pipeStdout ? "pipe" : fd, fd],
      env: o.env ?? process.env,
      ...(o.cwd ? { cwd: o.cwd } : {}),
    });
  } finally {
    closeSync(fd);
  }
  let running = true;
  const exited = new Promise<number | string>((resolve) => {
    child.once("exit", (code, signal) => {
      running = false;
      resolve(code ?? signal ?? "unknown");
    });
    child.once("error", (e) => {
      running = false;
      resolve(`spawn error: ${e.message}`);
    });
  });
  if (child.pid === undefined) throw new Error(`could not start ${name} (${cmd})`);
  return { name, child, pid: child.pid, logFile: o.logFile, startedAt, exited, isRunning: () => running };
}

/** SIGTERM to the whole process group, SIGKILL after `graceMs`; resolves once the leader exited. */
export async function killGroup(p: Started, graceMs = 3000): Promise<void> {
  if (!p.isRunning()) return;
  signalGroup(p.pid, "SIGTERM");
  const done = await Promise.race([p.exited.then(() => true), sleep(graceMs).then(() => false)]);
  if (!done) {
    signalGroup(p.pid, "SIGKILL");
    await Promise.race([p.exited, sleep(2000)]);
  }
  // Stragglers of the group (e.g. children that ignored SIGTERM after the leader left).
  signalGroup(p.pid, "SIGKILL");
}

function signalGroup(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(-pid, sig);
  } catch {
    // already gone
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export class WaitTimeoutError extends Error {
  constructor(what: string, ms: number, detail = "") {
    super(`timed out after ${Math.round(ms / 1000)} s waiting for ${what}${detail ? `: ${detail}` : ""}`);
    this.name = "WaitTimeoutError";
  }
}

/** Polls `probe` until it returns a value (not undefined) or `timeoutMs` passes. */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs: number,
  intervalMs = 200,
  detail?: () => string,
): Promise<T> {
  const end = performance.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (performance.now() > end) throw new WaitTimeoutError(what, timeoutMs, detail?.());
    await sleep(intervalMs);
  }
}

export function readLog(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a short command to completion (bounded by timeoutMs); never throws on a non-zero exit. */
export function run(cmd: string, args: readonly string[], timeoutMs = 30_000, netns?: string): Promise<RunResult> {
  const [file, argv] = inNetns(netns, cmd, args);
  return new Promise((resolve) => {
    execFile(file, argv, { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr || (err && !stdout ? err.message : "")) });
    });
  });
}

/** Like run() but throws with the command's stderr when it fails. */
export async function runOk(cmd: string, args: readonly string[], timeoutMs = 30_000, netns?: string): Promise<string> {
  const r = await run(cmd, args, timeoutMs, netns);
  if (r.code !== 0) throw new Error(`${[cmd, ...args].join(" ")} failed (${r.code}): ${r.stderr.trim()}`);
  return r.stdout;
}
