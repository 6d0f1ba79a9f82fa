// The timed legs of a Moonlander round trip: each polls a condition it can observe in the clusters (never the
// controller's word for it) until it holds or the leg's time is up, and records ok/failed, the milliseconds and the
// evidence. A failed leg's evidence is what a reader needs to fix it: the Landing's Ready condition as Moonlander wrote
// it and the controller's own complaints (a missing permission shows as the API server's 403, verb and resource).
import { ApiException } from "@kubernetes/client-node";
import { sleep } from "../proc.ts";

export type LegName = "applied" | "watching" | "landed" | "followed" | "unlanded" | "stopped";
export const LEG_NAMES: readonly LegName[] = ["applied", "watching", "landed", "followed", "unlanded", "stopped"];

export interface RoundTripLeg {
  readonly name: LegName;
  readonly what: string;
  readonly ok: boolean;
  readonly ms: number;
  readonly evidence: readonly string[];
}

/** Polls `probe` every 200 ms until it holds or `timeoutMs` passes; `ms` is the time it took either way. */
export async function until(probe: () => Promise<boolean>, timeoutMs: number): Promise<{ ok: boolean; ms: number }> {
  const t0 = performance.now();
  for (;;) {
    if (await probe().catch(() => false)) return { ok: true, ms: Math.round(performance.now() - t0) };
    if (performance.now() - t0 > timeoutMs) return { ok: false, ms: Math.round(performance.now() - t0) };
    await sleep(200);
  }
}

/** The value of a read, or undefined when the API answered 404. */
export const orUndefined = async <T>(p: Promise<T>): Promise<T | undefined> =>
  p.catch((e: unknown) => {
    if (e instanceof ApiException && e.code === 404) return undefined;
    throw e;
  });

export interface Leg {
  readonly name: LegName;
  readonly what: string;
  readonly probe: () => Promise<boolean>;
  /** Evidence when the probe held. */
  readonly ok: () => string[];
  readonly timeoutMs?: number;
}

export class Legs {
  readonly done: RoundTripLeg[] = [];
  private readonly defaultTimeoutMs: number;
  private readonly failureEvidence: () => Promise<string[]>;
  private readonly log: (line: string) => void;

  constructor(defaultTimeoutMs: number, failureEvidence: () => Promise<string[]>, log: (line: string) => void) {
    this.defaultTimeoutMs = defaultTimeoutMs;
    this.failureEvidence = failureEvidence;
    this.log = log;
  }

  async run(leg: Leg): Promise<boolean> {
    const timeoutMs = leg.timeoutMs ?? this.defaultTimeoutMs;
    const r = await until(leg.probe, timeoutMs);
    const evidence = r.ok
      ? leg.ok()
      : [`not within ${(timeoutMs / 1000).toFixed(0)} s`, ...(await this.failureEvidence())];
    this.record({ name: leg.name, what: leg.what, ok: r.ok, ms: r.ms, evidence });
    return r.ok;
  }

  record(leg: RoundTripLeg): void {
    this.done.push(leg);
    const why = leg.ok ? "" : `: ${leg.evidence.join("; ")}`;
    this.log(`moonlander round trip: ${leg.what}: ${leg.ok ? "ok" : "FAILED"} (${leg.ms} ms)${why}`);
  }

  /** Every leg ran and held. */
  get ok(): boolean {
    return LEG_NAMES.every((n) => this.done.some((l) => l.name === n && l.ok));
  }
}
