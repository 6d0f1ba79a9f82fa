// A small resumable step graph (hand-written: listr2 draws progress but has no notion of "already done", and the
// resume rule is the whole point). Each step says how to tell it is done (a probe on the world, never a local
// marker file: after Ctrl-C, a failure or a second `wake` the world is the truth), how to do it, and the way
// forward when it fails. Steps run in order; a done step is skipped; a step that ran must then pass its own probe.
import { isLabError, LabError } from "../errors.ts";

export interface Probe {
  readonly done: boolean;
  /** What was looked at and what it said. */
  readonly evidence: string;
}

export interface GraphStep<C> {
  /** Stable kebab-case id (`--until ID`, docs, the failure message). */
  readonly id: string;
  readonly title: string;
  /** Looks at the world; may throw (then the step counts as not done, the error is the evidence). */
  isDone(ctx: C): Promise<Probe>;
  /** Does the step; returns evidence of what it did. */
  run(ctx: C): Promise<string>;
  /** The way forward when the step fails (what to look at, what to run). */
  readonly fix: string;
}

export type StepStatus = "already-done" | "done" | "failed";

export interface StepOutcome {
  readonly id: string;
  readonly title: string;
  readonly status: StepStatus;
  /** Wall time of this step (probe + run + probe). */
  readonly ms: number;
  readonly evidence: readonly string[];
}

export interface GraphReport {
  readonly steps: readonly StepOutcome[];
  readonly totalMs: number;
}

/** A step failed: names it, carries its evidence and the way forward; the exit code is the cause's (README table). */
export class StepFailedError extends LabError {
  readonly step: string;
  readonly evidence: readonly string[];
  readonly fix: string;
  readonly outcomes: readonly StepOutcome[];
  constructor(step: GraphStep<unknown>, evidence: readonly string[], cause: unknown, outcomes: readonly StepOutcome[]) {
    super(
      `step "${step.id}" (${step.title}) failed:\n  ${evidence.join("\n  ")}\nway forward: ${step.fix}\n` +
        "(run the same command again to resume: finished steps are detected and skipped)",
      isLabError(cause) ? cause.exitCode : 1,
    );
    this.step = step.id;
    this.evidence = evidence;
    this.fix = step.fix;
    this.outcomes = outcomes;
  }
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

async function probe<C>(step: GraphStep<C>, ctx: C): Promise<Probe> {
  try {
    return await step.isDone(ctx);
  } catch (e) {
    return { done: false, evidence: `probe: ${message(e)}` };
  }
}

export interface StepRunOptions {
  readonly now?: () => number;
}

/** Runs one step (skipping it when its probe says done); throws StepFailedError with what happened so far. */
export async function executeStep<C>(
  step: GraphStep<C>,
  ctx: C,
  options: StepRunOptions & { readonly before?: readonly StepOutcome[] } = {},
): Promise<StepOutcome> {
  const now = options.now ?? (() => performance.now());
  const t0 = now();
  const before = await probe(step, ctx);
  if (before.done)
    return { id: step.id, title: step.title, status: "already-done", ms: now() - t0, evidence: [before.evidence] };
  const evidence = [`before: ${before.evidence}`];
  const fail = (cause: unknown, extra: string): never => {
    const ms = now() - t0;
    const all = [...evidence, extra];
    const outcome: StepOutcome = { id: step.id, title: step.title, status: "failed", ms, evidence: all };
    throw new StepFailedError(step as GraphStep<unknown>, all, cause, [...(options.before ?? []), outcome]);
  };
  try {
    evidence.push(await step.run(ctx));
  } catch (e) {
    return fail(e, message(e));
  }
  const after = await probe(step, ctx);
  if (!after.done) return fail(undefined, `after running, the step is still not done: ${after.evidence}`);
  evidence.push(`after: ${after.evidence}`);
  return { id: step.id, title: step.title, status: "done", ms: now() - t0, evidence };
}

export interface GraphOptions extends StepRunOptions {
  /** Stop after this step (inclusive). */
  readonly until?: string;
  /** Called after each step (progress, logs). */
  readonly onStep?: (o: StepOutcome) => void;
}

export function stepsUntil<C>(steps: readonly GraphStep<C>[], until: string | undefined): readonly GraphStep<C>[] {
  if (until === undefined) return steps;
  const at = steps.findIndex((s) => s.id === until);
  if (at < 0) throw new LabError(`--until ${until}: no such step (${steps.map((s) => s.id).join(", ")})`, 2);
  return steps.slice(0, at + 1);
}

export async function runGraph<C>(
  steps: readonly GraphStep<C>[],
  ctx: C,
  options: GraphOptions = {},
): Promise<GraphReport> {
  const now = options.now ?? (() => performance.now());
  const t0 = now();
  const done: StepOutcome[] = [];
  for (const step of stepsUntil(steps, options.until)) {
    const o = await executeStep(step, ctx, { now, before: done });
    done.push(o);
    options.onStep?.(o);
  }
  return { steps: done, totalMs: now() - t0 };
}
