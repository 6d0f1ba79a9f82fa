// The controller's work queue: one key is never worked on twice at once, duplicates collapse, requeues are delayed,
// failures back off exponentially, and stop() waits for the work in hand.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { WorkQueue } from "./work-queue.ts";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe("WorkQueue", () => {
  it("collapses keys added while queued into one run", async () => {
    const runs: string[] = [];
    const q = new WorkQueue(async (k) => {
      runs.push(k);
      return undefined;
    });
    q.add("a");
    q.add("a");
    q.add("b");
    await vi.runAllTimersAsync();
    expect(runs).toEqual(["a", "b"]);
    await q.stop();
  });

  it("runs a key added during its own run once more afterwards, never concurrently", async () => {
    const gate = deferred();
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    const q = new WorkQueue(async () => {
      active++;
      maxActive = Math.max(maxActive, active);
      runs++;
      if (runs === 1) await gate.promise;
      active--;
      return undefined;
    });
    q.add("a");
    await vi.advanceTimersByTimeAsync(0);
    q.add("a");
    q.add("a");
    gate.resolve();
    await vi.runAllTimersAsync();
    expect(runs).toBe(2);
    expect(maxActive).toBe(1);
    await q.stop();
  });

  it("requeues after the seconds the worker returns, and an earlier add wins over a later requeue", async () => {
    const times: number[] = [];
    const q = new WorkQueue(async () => {
      times.push(Date.now());
      return 30;
    });
    const t0 = Date.now();
    q.add("a");
    await vi.advanceTimersByTimeAsync(29_000);
    expect(times.map((t) => t - t0)).toEqual([0]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(times.map((t) => t - t0)).toEqual([0, 30_000]);
    q.add("a", 5_000);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(times.map((t) => t - t0)).toEqual([0, 30_000, 35_000]);
    await q.stop();
  });

  it("backs off exponentially on errors, reports them, and resets after a success", async () => {
    const times: number[] = [];
    const errors: string[] = [];
    let fail = 3;
    const q = new WorkQueue(
      async () => {
        times.push(Date.now());
        if (fail-- > 0) throw new Error("boom");
        return undefined;
      },
      { baseBackoffMs: 1_000, maxBackoffMs: 3_000, onError: (k, e) => errors.push(`${k}: ${(e as Error).message}`) },
    );
    const t0 = Date.now();
    q.add("a");
    await vi.advanceTimersByTimeAsync(20_000);
    expect(times.map((t) => t - t0)).toEqual([0, 1_000, 3_000, 6_000]);
    expect(errors).toEqual(["a: boom", "a: boom", "a: boom"]);
    await q.stop();
  });

  it("stop() waits for the run in hand and drops everything scheduled", async () => {
    const gate = deferred();
    const runs: string[] = [];
    const q = new WorkQueue(async (k) => {
      runs.push(k);
      if (k === "a") await gate.promise;
      return 1;
    });
    q.add("a");
    q.add("b", 10_000);
    await vi.advanceTimersByTimeAsync(0);
    let stopped = false;
    const stopping = q.stop().then(() => {
      stopped = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    gate.resolve();
    await stopping;
    q.add("c");
    await vi.runAllTimersAsync();
    expect(runs).toEqual(["a"]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
