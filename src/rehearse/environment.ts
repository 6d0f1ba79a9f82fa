// The running rehearsal bastion: the namespace segment plus the staged services started inside it. Everything it
// starts is registered for teardown (LIFO) and torn down on normal exit, on errors and on SIGINT/SIGTERM/SIGHUP.
import { randomBytes } from "node:crypto";
import { createSegment, deleteNetns, netnsExists, type Segment } from "./netns.ts";
import { killGroup, readLog, run, type Started, start, waitFor } from "./proc.ts";
import type { Staged, StagedService } from "./stage.ts";

export interface Environment {
  readonly segment: Segment;
  readonly staged: Staged;
  readonly running: ReadonlyMap<string, Started>;
  /** Registers a teardown step (run in reverse order). */
  onDown(step: () => Promise<void>): void;
  down(): Promise<void>;
}

/** GET a URL from inside the namespace (the lab subnet exists only there); status 0 when unreachable. */
export async function netnsHttpStatus(netns: string, url: string, timeoutS = 3): Promise<number> {
  const r = await run(
    "curl",
    ["-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", String(timeoutS), url],
    (timeoutS + 2) * 1000,
    netns,
  );
  const code = Number(r.stdout.trim());
  return Number.isFinite(code) ? code : 0;
}

async function waitReady(netns: string, svc: StagedService, p: Started, timeoutMs: number): Promise<void> {
  await waitFor(
    `${svc.name} to become ready`,
    async () => {
      if (!p.isRunning()) throw new Error(`${svc.name} exited during start-up: ${readLog(svc.logFile).slice(-1500)}`);
      if (svc.ready.kind === "log") return svc.ready.pattern.test(readLog(svc.logFile)) ? true : undefined;
      return (await netnsHttpStatus(netns, svc.ready.url, 1)) === 200 ? true : undefined;
    },
    timeoutMs,
    250,
    () => readLog(svc.logFile).slice(-800),
  );
}

/** A stable IPv6 ULA /64 for the bridge, derived from the namespace name: the only IPv6 prefix of the segment. */
function ulaFor(netns: string): string {
  const h = Buffer.from(netns).reduce((a, b) => (a * 31 + b) >>> 0, 7);
  return `fd6d:6c${(h & 0xff).toString(16).padStart(2, "0")}:${((h >>> 8) & 0xffff).toString(16)}::2/64`;
}

export async function bringUp(
  netns: string,
  staged: Staged,
  o: {
    readonly bastionAddress: string;
    readonly prefixLength: number;
    readonly ipv6: boolean;
    readonly taps: number;
    readonly readyTimeoutMs?: number;
    readonly log?: (line: string) => void;
  },
): Promise<Environment> {
  const steps: (() => Promise<void>)[] = [];
  const running = new Map<string, Started>();
  let downed = false;
  const down = async () => {
    if (downed) return;
    downed = true;
    for (const s of steps.reverse()) {
      try {
        await s();
      } catch {
        // keep tearing down
      }
    }
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    process.off("SIGHUP", onSignal);
  };
  const onSignal = (sig: NodeJS.Signals) => {
    o.log?.(`received ${sig}: tearing down the rehearsal`);
    void down().finally(() => process.exit(sig === "SIGINT" ? 130 : 143));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  process.on("SIGHUP", onSignal);

  const segment = await createSegment(netns, o.bastionAddress, o.prefixLength, o.taps).catch(async (e) => {
    await down();
    throw e;
  });
  steps.push(() => deleteNetns(netns));
  const env: Environment = { segment, staged, running, onDown: (s) => steps.push(s), down };
  try {
    if (o.ipv6) {
      // dnsmasq's `dhcp-range=::,constructor:*,ra-only` advertises the prefixes of its interfaces; without a
      // router advert iPXE waits ~13 s (FACTS.md). A ULA exists only inside this namespace.
      await run("ip", ["-n", netns, "addr", "add", ulaFor(netns), "dev", "br0", "nodad"]);
    }
    const timeout = o.readyTimeoutMs ?? 30_000;
    // One at a time, each ready before the next: the caches ping their upstream (the lab registry) at start-up.
    for (const svc of staged.services) {
      o.log?.(`starting ${svc.name}`);
      const p = start(svc.name, svc.cmd, svc.args, { netns, logFile: svc.logFile });
      running.set(svc.name, p);
      steps.push(() => killGroup(p));
      await waitReady(netns, svc, p, timeout);
    }
    return env;
  } catch (e) {
    await down();
    throw e;
  }
}

/** Namespace name unique to this run; the pid in it lets a later run remove namespaces a killed run left behind. */
export function rehearsalNetnsName(): string {
  return `moonlab-rh-${process.pid}-${randomBytes(2).toString("hex")}`;
}

/** Deletes rehearsal namespaces whose creating process no longer exists (a run killed with SIGKILL). */
export async function sweepStaleNamespaces(): Promise<string[]> {
  const r = await run("ip", ["netns", "list"]);
  const removed: string[] = [];
  for (const line of r.stdout.split("\n")) {
    const name = line.split(" ")[0] ?? "";
    const m = /^moonlab-rh-(\d+)-[0-9a-f]{4}$/.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pidAlive(pid)) continue;
    if (await netnsExists(name)) {
      // Processes still inside (qemu, dnsmasq) keep running without it; kill them first.
      const pids = await run("ip", ["netns", "pids", name]);
      for (const p of pids.stdout
        .split("\n")
        .map(Number)
        .filter((n) => n > 0)) {
        try {
          process.kill(p, "SIGKILL");
        } catch {
          // gone
        }
      }
      await deleteNetns(name);
      removed.push(name);
    }
  }
  return removed;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
