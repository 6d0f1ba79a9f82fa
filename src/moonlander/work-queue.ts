// A controller work queue keyed by object ("namespace/name"), the shape controller-runtime's workqueue has and
// @kubernetes/client-node does not ship (its informers only deliver events): a key is worked on by one run at a
// time, adds collapse while the key waits, the worker's answer schedules the next run (drift requeue), and failures
// back off exponentially per key. One run at a time over all keys: Landings are few and each run is a handful of
// API calls, and serial runs keep the parent's status writes ordered.

/** Seconds until the key should run again, or undefined for "only when something changes". */
export type Worker = (key: string) => Promise<number | undefined>;

export interface WorkQueueOptions {
  readonly baseBackoffMs?: number;
  readonly maxBackoffMs?: number;
  readonly onError?: (key: string, error: unknown, retryInMs: number) => void;
}

export class WorkQueue {
  readonly #worker: Worker;
  readonly #base: number;
  readonly #max: number;
  readonly #onError: WorkQueueOptions["onError"];
  /** Keys waiting for their time, with when and the timer. */
  readonly #due = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  /** Keys whose time has come, in order. */
  readonly #ready = new Set<string>();
  /** Keys added while they were running: the earliest delay asked for. */
  readonly #dirty = new Map<string, number>();
  readonly #failures = new Map<string, number>();
  #running: { key: string; done: Promise<void> } | undefined;
  #stopped = false;

  constructor(worker: Worker, opts: WorkQueueOptions = {}) {
    this.#worker = worker;
    this.#base = opts.baseBackoffMs ?? 1_000;
    this.#max = opts.maxBackoffMs ?? 60_000;
    this.#onError = opts.onError;
  }

  /** Run `key` after `delayMs` (0: as soon as the worker is free); an earlier pending run wins. */
  add(key: string, delayMs = 0): void {
    if (this.#stopped) return;
    if (this.#running?.key === key) {
      const prev = this.#dirty.get(key);
      this.#dirty.set(key, prev === undefined ? delayMs : Math.min(prev, delayMs));
      return;
    }
    if (this.#ready.has(key)) return;
    const at = Date.now() + delayMs;
    const pending = this.#due.get(key);
    if (pending) {
      if (pending.at <= at) return;
      clearTimeout(pending.timer);
    }
    const timer = setTimeout(() => {
      this.#due.delete(key);
      this.#ready.add(key);
      this.#pump();
    }, delayMs);
    this.#due.set(key, { at, timer });
  }

  /** Drops everything scheduled and waits for the run in hand (a clean shutdown leaves no half-done reconcile). */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const { timer } of this.#due.values()) clearTimeout(timer);
    this.#due.clear();
    this.#ready.clear();
    this.#dirty.clear();
    await this.#running?.done;
  }

  #pump(): void {
    if (this.#stopped || this.#running) return;
    const key = this.#ready.values().next().value;
    if (key === undefined) return;
    this.#ready.delete(key);
    const done = this.#run(key).finally(() => {
      this.#running = undefined;
      this.#pump();
    });
    this.#running = { key, done };
  }

  async #run(key: string): Promise<void> {
    let next: number | undefined;
    try {
      const seconds = await this.#worker(key);
      this.#failures.delete(key);
      next = seconds === undefined ? undefined : seconds * 1000;
    } catch (e) {
      const n = (this.#failures.get(key) ?? 0) + 1;
      this.#failures.set(key, n);
      next = Math.min(this.#base * 2 ** (n - 1), this.#max);
      this.#onError?.(key, e, next);
    }
    if (this.#stopped) return;
    const dirty = this.#dirty.get(key);
    this.#dirty.delete(key);
    // The running marker is still this key here, so clear it for add() to schedule rather than mark dirty.
    this.#running = undefined;
    if (dirty !== undefined) this.add(key, next === undefined ? dirty : Math.min(dirty, next));
    else if (next !== undefined) this.add(key, next);
  }
}
