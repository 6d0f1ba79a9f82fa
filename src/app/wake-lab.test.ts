import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { labWorld } from "../../test/fakes/lab-world.ts";
import { fixtureSecrets } from "../../test/fakes/secrets.ts";
import { exampleObject, planOf } from "../../test/support/lab.ts";
import { bringUpSteps } from "../lifecycle/bring-up/graph.ts";
import { runGraph, StepFailedError } from "../lifecycle/step-graph.ts";
import { saveTimings, TIMINGS_FILE } from "./wake-lab.ts";

describe("wake's timings record", () => {
  it("keeps the last wake's per-step seconds owner-only, also up to a failed step", async () => {
    const plan = planOf(exampleObject("moon"));
    const { world, ctx } = labWorld(plan, await fixtureSecrets(), mkdtempSync(join(tmpdir(), "moonlab-timings-")));
    world.fail.add("etcd");
    const e = (await runGraph(bringUpSteps("aws"), ctx).catch((x: unknown) => x)) as StepFailedError;
    expect(e).toBeInstanceOf(StepFailedError);
    const path = saveTimings(ctx, { steps: e.outcomes }, new Date("2026-12-01T03:00:00Z"));
    expect(path).toBe(join(ctx.stateDir, TIMINGS_FILE));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const doc = JSON.parse(readFileSync(path, "utf8")) as { at: string; steps: { id: string; status: string }[] };
    expect(doc.at).toBe("2026-12-01T03:00:00.000Z");
    expect(doc.steps.map((s) => `${s.id}:${s.status}`)).toEqual([
      "bastion:done",
      "configs:done",
      "lab-images:done",
      "talosconfig:done",
      "nodes:done",
      "booting:done",
      "etcd:failed",
    ]);
  });
});
