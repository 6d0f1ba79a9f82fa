import { describe, expect, it } from "vitest";
import { EndpointUnreachableError } from "../errors.ts";
import { type GraphStep, StepFailedError } from "../lifecycle/step-graph.ts";
import { formatTimings, runGraphWithProgress } from "./step-progress.ts";

const step = (id: string, world: Set<string>, fail?: () => never): GraphStep<object> => ({
  id,
  title: `step ${id}`,
  fix: `fix ${id}`,
  isDone: async () => ({ done: world.has(id), evidence: world.has(id) ? `${id} there` : `${id} missing` }),
  run: async () => {
    if (fail) fail();
    world.add(id);
    return `made ${id}`;
  },
});

describe("wake's progress", () => {
  it("runs the steps through listr2, skipping done ones, and prints a timing table", async () => {
    const world = new Set(["a"]);
    const r = await runGraphWithProgress([step("a", world), step("b", world)], {}, { quiet: true });
    expect(r.steps.map((s) => `${s.id}:${s.status}`)).toEqual(["a:already-done", "b:done"]);
    const table = formatTimings(r);
    expect(table).toMatch(/^a\s+already done\s+\d+\.\d s {2}a there$/m);
    expect(table).toMatch(/^b\s+done\s+\d+\.\d s {2}after: b there$/m);
    expect(table).toMatch(/^total\s+\d+\.\d s$/m);
  });

  it("a failing step surfaces as StepFailedError with the cause's exit code (3: unreachable)", async () => {
    const world = new Set<string>();
    const e = await runGraphWithProgress(
      [
        step("a", world),
        step("b", world, () => {
          throw new EndpointUnreachableError("Kubernetes API", "10.10.0.101", 6443, "connection refused");
        }),
        step("c", world),
      ],
      {},
      { quiet: true },
    ).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(StepFailedError);
    expect((e as StepFailedError).exitCode).toBe(3);
    expect((e as StepFailedError).message).toMatch(/step "b"[\s\S]*10\.10\.0\.101:6443[\s\S]*way forward: fix b/);
    expect(world.has("c")).toBe(false);
  });
});
