// The controller loop over in-memory informers and clusters: events reach the reconcile through the queue, a change
// of the parent-kubeconfig source is followed, deletion goes through the finalizer, the resync repairs drift, a
// broken watch is restarted, and stop() ends the work. (The same loop against two real API servers:
// test/integration/moonlander/controller.test.ts.)
import { afterEach, describe, expect, it, vi } from "vitest";
import { b64, FakeInformer, MemParentCluster, MemSecrets, sourceSecret } from "../../test/fakes/moonlander.ts";
import { type Controller, createController, type LandingObject, type SourceSecret } from "./controller.ts";
import { FINALIZER } from "./reconcile.ts";

const SOURCE = { namespace: "moonlander-system", name: "parent-kubeconfig", key: "kubeconfig" };
const TARGET = ["crossplane-system", "remote-kubeconfig", "kubeconfig"] as const;

const landing = (): LandingObject => ({
  apiVersion: "moons.urmanac.com/v1alpha1",
  kind: "Landing",
  metadata: { name: "harvey", namespace: "tenant-lab", generation: 1 },
  spec: {},
});

let running: Controller | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

function setup(opts: { source?: boolean; resyncSeconds?: number } = {}) {
  const landings = new FakeInformer<LandingObject>();
  const source = new FakeInformer<SourceSecret>();
  const parent = new MemParentCluster(landings);
  const child = new MemSecrets();
  const log: string[] = [];
  const connected: string[] = [];
  if (opts.source !== false) source.set(sourceSecret(SOURCE.namespace, SOURCE.name, { kubeconfig: "parent v1" }));
  void parent.applySecret("tenant-lab", "kubernetes-harvey-admin-kubeconfig", { "admin.conf": b64("child kc") }, {});
  const controller = createController({
    landings,
    source,
    sourceRef: SOURCE,
    parent,
    connect: (kc) => {
      connected.push(kc);
      return child;
    },
    resyncSeconds: opts.resyncSeconds ?? 600,
    retrySeconds: 600,
    restartDelayMs: 10,
    log: (l) => log.push(l),
  });
  running = controller;
  return { landings, source, parent, child, log, connected, controller };
}

describe("Moonlander controller", () => {
  it("lands a Landing that existed before start: finalizer, Ready=True, the parent kubeconfig in the child", async () => {
    const { landings, child, controller, connected } = setup();
    landings.set(landing());
    await controller.start();
    await vi.waitFor(() => expect(child.text(...TARGET)).toBe("parent v1"));
    const l = landings.get("harvey", "tenant-lab");
    expect(l?.metadata.finalizers).toEqual([FINALIZER]);
    expect(l?.status?.conditions[0]).toMatchObject({ type: "Ready", status: "True", reason: "Landed" });
    expect(connected[0]).toBe("child kc");
  });

  it("lands a Landing created while running, and follows a change of the source secret", async () => {
    const { landings, source, child, controller, log } = setup();
    await controller.start();
    landings.set(landing());
    await vi.waitFor(() => expect(child.text(...TARGET)).toBe("parent v1"));
    source.set(sourceSecret(SOURCE.namespace, SOURCE.name, { kubeconfig: "parent v2" }));
    await vi.waitFor(() => expect(child.text(...TARGET)).toBe("parent v2"));
    expect(log).toEqual(["Landing tenant-lab/harvey: Landed"]);
  });

  it("waits for the source secret, saying which one, and lands as soon as it appears", async () => {
    const { landings, source, child, controller, log } = setup({ source: false });
    landings.set(landing());
    await controller.start();
    await vi.waitFor(() => expect(log[0]).toMatch(/ParentKubeconfigMissing.*moonlander-system\/parent-kubeconfig/));
    expect(child.secrets.size).toBe(0);
    source.set(sourceSecret(SOURCE.namespace, SOURCE.name, { kubeconfig: "parent v1" }));
    await vi.waitFor(() => expect(child.text(...TARGET)).toBe("parent v1"));
  });

  it("on deletion removes the copy in the child and releases the finalizer, after which the Landing is gone", async () => {
    const { landings, child, controller } = setup();
    landings.set(landing());
    await controller.start();
    await vi.waitFor(() => expect(child.text(...TARGET)).toBe("parent v1"));
    const l = landings.get("harvey", "tenant-lab") as LandingObject;
    landings.set({ ...l, metadata: { ...l.metadata, deletionTimestamp: "2026-12-01T03:00:00Z" } } as LandingObject);
    await vi.waitFor(() => expect(landings.get("harvey", "tenant-lab")).toBeUndefined());
    expect(child.secrets.has("crossplane-system/remote-kubeconfig")).toBe(false);
  });

  it("repairs drift in the child on the resync", async () => {
    const { landings, child, controller } = setup({ resyncSeconds: 0.05 });
    landings.set(landing());
    await controller.start();
    await vi.waitFor(() => expect(child.text(...TARGET)).toBe("parent v1"));
    child.secrets.delete("crossplane-system/remote-kubeconfig");
    await vi.waitFor(() => expect(child.text(...TARGET)).toBe("parent v1"));
  });

  it("restarts a watch that failed, and reports it", async () => {
    const { landings, controller, log } = setup();
    landings.failStart = new Error("403 landings.moons.urmanac.com is forbidden");
    await controller.start();
    await vi.waitFor(() => expect(landings.starts).toBe(2));
    expect(log[0]).toMatch(/watch of Landings failed, restarting in 0.01s: 403/);
    landings.breakWatch(new Error("connection reset"));
    await vi.waitFor(() => expect(landings.starts).toBe(3));
    expect(log[1]).toMatch(/restarting in 0.02s: connection reset/);
  });

  it("does nothing after stop()", async () => {
    const { landings, child, controller } = setup();
    await controller.start();
    await controller.stop();
    expect(landings.running).toBe(false);
    landings.running = true; // an event that would still arrive is dropped by the stopped queue
    landings.set(landing());
    await new Promise((r) => setTimeout(r, 30));
    expect(child.secrets.size).toBe(0);
  });
});
