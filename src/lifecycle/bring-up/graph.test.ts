import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { labWorld, PROXY } from "../../../test/fakes/lab-world.ts";
import { fixtureSecrets } from "../../../test/fakes/secrets.ts";
import { exampleObject, planOf } from "../../../test/support/lab.ts";
import { EndpointUnreachableError } from "../../errors.ts";
import { runGraph, StepFailedError } from "../step-graph.ts";
import { bringUpSteps, STEP_IDS } from "./graph.ts";
import { shutdownNodes } from "./sleep-home.ts";

const EXPECTED_ORDER = [
  "bastion",
  "configs",
  "lab-images",
  "talosconfig",
  "nodes",
  "booting",
  "etcd",
  "kubeconfig",
  "kube-api",
  "cozystack",
  "flux",
  "acceptance",
];

async function setup(kind: "aws" | "home" = "aws") {
  const plan = planOf(exampleObject(kind === "aws" ? "moon" : "home"));
  const secrets = await fixtureSecrets();
  const root = mkdtempSync(join(tmpdir(), "moonlab-wake-"));
  return { ...labWorld(plan, secrets, root), root, plan, steps: bringUpSteps(kind) };
}

/** How each step's failure is injected into the world (and removed again). */
function inject(step: string, root: string, world: { fail: Set<string> }): () => void {
  if (step === "talosconfig") {
    // The state directory cannot be created: a file sits where .moonlab/ should be.
    mkdirSync(join(root, "spec"), { recursive: true });
    writeFileSync(join(root, "spec", ".moonlab"), "not a directory");
    return () => rmSync(join(root, "spec", ".moonlab"));
  }
  world.fail.add(step);
  return () => world.fail.delete(step);
}

describe("the bring-up step graph", () => {
  it("has the issue's order", () => {
    expect(STEP_IDS).toEqual(EXPECTED_ORDER);
    expect(bringUpSteps("home").map((s) => s.id)).toEqual(EXPECTED_ORDER);
  });

  it("takes a sleeping lab to an accepted cluster, then a second wake finds everything done", async () => {
    const { world, ctx, steps } = await setup();
    const first = await runGraph(steps, ctx);
    expect(first.steps.map((s) => s.status)).toEqual(EXPECTED_ORDER.map(() => "done"));
    expect(world.etcdBootstraps).toBe(1);
    for (const s of first.steps) expect(s.ms).toBeGreaterThanOrEqual(0);
    // Owner-only client configs under .moonlab/<lab>/.
    expect(statSync(ctx.stateDir).mode & 0o777).toBe(0o700);
    for (const f of ["talosconfig", "kubeconfig", "kubeconfig.session"])
      expect(statSync(join(ctx.stateDir, f)).mode & 0o777, f).toBe(0o600);
    // The session kubeconfig goes through the tunnel; the kept one points at the real endpoint only.
    expect(readFileSync(join(ctx.stateDir, "kubeconfig.session"), "utf8")).toContain(`proxy-url: ${PROXY}`);
    expect(readFileSync(join(ctx.stateDir, "kubeconfig"), "utf8")).not.toContain("proxy-url");
    // Every talosctl call used the lab's talosconfig.
    for (const c of world.calls.filter((x) => x.startsWith("talosctl")))
      expect(c).toContain(`--talosconfig ${join(ctx.stateDir, "talosconfig")}`);

    const second = await runGraph(steps, { ...ctx, state: {} });
    expect(second.steps.map((s) => `${s.id}:${s.status}`)).toEqual(
      EXPECTED_ORDER.map((id) => `${id}:${id === "acceptance" ? "done" : "already-done"}`),
    );
    expect(world.bootstrapCalls).toBe(1);
  });

  for (const [i, id] of EXPECTED_ORDER.entries()) {
    it(`a failure at step ${i + 1} (${id}) names the step, its evidence and the way forward; the next wake resumes there`, async () => {
      const { world, ctx, steps, root } = await setup();
      const heal = inject(id, root, world);
      const e = await runGraph(steps, ctx).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(StepFailedError);
      const f = e as StepFailedError;
      expect(f.step).toBe(id);
      expect(f.exitCode).toBe(1);
      expect(f.message).toContain(`step "${id}"`);
      expect(f.message).toContain("way forward:");
      expect(f.evidence.length).toBeGreaterThanOrEqual(2);
      expect(f.outcomes.map((o) => o.id)).toEqual(EXPECTED_ORDER.slice(0, i + 1));
      heal();
      const resumed = await runGraph(steps, { ...ctx, state: {} });
      const statuses = resumed.steps.map((s) => s.status);
      // Everything before the failed step is found done (the acceptance suite always runs again).
      for (let j = 0; j < i; j++)
        expect(`${EXPECTED_ORDER[j]}:${statuses[j]}`).toBe(
          `${EXPECTED_ORDER[j]}:${EXPECTED_ORDER[j] === "acceptance" ? "done" : "already-done"}`,
        );
      // The failed step either runs now or, when the world caught up meanwhile (a bastion that finished booting),
      // is found done; either way the wake goes on to the end.
      expect(["done", "already-done"]).toContain(statuses[i]);
      expect(resumed.steps.at(-1)?.status).toBe("done");
      expect(world.etcdBootstraps).toBe(1);
    });
  }

  it("never bootstraps etcd twice: Talos's AlreadyExists counts as done", async () => {
    const { world, ctx, steps } = await setup();
    await runGraph(steps, ctx, { until: "booting" });
    world.etcd = true; // bootstrapped by an earlier wake that died before its probe
    const r = await runGraph(steps, { ...ctx, state: {} }, { until: "etcd" });
    expect(r.steps.at(-1)?.status).toBe("already-done");
    expect(world.bootstrapCalls).toBe(0);
  });

  it("retries a bootstrap the node refuses for now, and stops at once on a refusal no retry changes", async () => {
    const { world, ctx, steps } = await setup();
    await runGraph(steps, ctx, { until: "booting" });
    world.fail.add("etcd");
    setTimeout(() => world.fail.delete("etcd"), 100);
    await runGraph(steps, { ...ctx, state: {} }, { until: "etcd" });
    expect(world.bootstrapCalls).toBeGreaterThan(1);
    expect(world.etcdBootstraps).toBe(1);

    const fresh = await setup();
    await runGraph(fresh.steps, fresh.ctx, { until: "booting" });
    fresh.world.fail.add("etcd-fatal");
    const t0 = Date.now();
    const e = (await runGraph(fresh.steps, { ...fresh.ctx, state: {} }).catch((x: unknown) => x)) as StepFailedError;
    expect(e.step).toBe("etcd");
    expect(e.message).toMatch(/PermissionDenied/);
    expect(fresh.world.bootstrapCalls).toBe(1);
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it("a bastion that cannot be reached over SSH fails the bastion step with exit 3, naming host and port", async () => {
    const { world, ctx, steps } = await setup();
    world.bastionRunning = true;
    const http = {
      get: async () => {
        throw new EndpointUnreachableError("bastion SSH", "203.0.113.10", 22, "connect ECONNREFUSED");
      },
    };
    const e = (await runGraph(steps, { ...ctx, http }).catch((x: unknown) => x)) as StepFailedError;
    expect(e.step).toBe("bastion");
    expect(e.exitCode).toBe(3);
    expect(e.message).toMatch(/203\.0\.113\.10:22/);
  });

  it("stops after --until and refuses an unknown step id (exit 2)", async () => {
    const { ctx, steps } = await setup();
    const r = await runGraph(steps, ctx, { until: "configs" });
    expect(r.steps.map((s) => s.id)).toEqual(["bastion", "configs"]);
    const e = (await runGraph(steps, ctx, { until: "nope" }).catch((x: unknown) => x)) as { exitCode: number };
    expect(e.exitCode).toBe(2);
  });

  it("the home bring-up wakes the nodes and waits until they answer", async () => {
    const { world, ctx, steps } = await setup("home");
    world.bastionRunning = true; // a home bastion is powered by its owner
    const r = await runGraph(steps, ctx);
    expect(r.steps.find((s) => s.id === "nodes")?.evidence.join(" ")).toMatch(/answers/);
    expect(r.steps.find((s) => s.id === "booting")?.status).toBe("already-done");
    // sleep at home: workers first, the control plane last; a second sleep finds them off.
    const slept = await shutdownNodes(ctx);
    const cp = ctx.plan.nodes.filter((n) => n.role === "controlplane").map((n) => n.name);
    expect(slept.slice(-cp.length).map((n) => n.name)).toEqual(cp);
    expect(slept.every((n) => n.action === "shutdown sent")).toBe(true);
    expect(world.nodesRunning.size).toBe(0);
    expect((await shutdownNodes(ctx)).every((n) => n.action.startsWith("already off"))).toBe(true);
  });
});
