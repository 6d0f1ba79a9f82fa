// Moonlander's controller (`moonlab moonlander run`, a real process) against TWO real API servers from the local
// control plane (src/rehearse/cluster/control-plane.ts, etcd + kube-apiserver each): the parent (lab) cluster and a
// second one standing in for the guest cluster Harvey. The parent gets the gitops tree's own Landing CRD, Landing,
// namespace, ServiceAccount, RBAC and Deployment (created through the API, so the API server validates them); the
// guest's admin kubeconfig is stored where CozyStack stores it (tenant-lab/kubernetes-harvey-admin-kubeconfig, key
// admin.conf); the controller runs with the rendered Deployment's args and a token of the tree's moonlander
// ServiceAccount (TokenRequest), so a permission the tree lacks fails here, and SubjectAccessReviews show what it may
// not do. Proven: create -> the copy appears in the guest; change the source -> it follows; drift is repaired;
// SIGKILL mid-way then a restart converges; SIGTERM/SIGINT stop cleanly; delete -> the finalizer removes the copy.
// What is not real here: CozyStack (the tenant namespace and the admin kubeconfig secret are created by the test,
// as CozyStack would) and the container image (the process runs from this checkout; image.test.ts runs the image's
// moonlander.mjs the same way). The clusters and the tree's objects are set up by ./harness.ts.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AuthorizationV1Api } from "@kubernetes/client-node";
import { afterAll, beforeAll, expect, it } from "vitest";
import { FINALIZER } from "../../../src/moonlander/reconcile.ts";
import { describeWithTools, ROOT } from "../../support/tools.ts";
import {
  type Cluster,
  COPY,
  createAll,
  type Json,
  LANDING,
  type LandingLab,
  type RunningController,
  SA,
  spawnController,
  startLandingLab,
  TOOLS,
  treeObjects,
  until as untilHolds,
} from "./harness.ts";

/** What the test measured, printed at the end (docs/gitops.md records a run). */
const figures: string[] = [];

describeWithTools(TOOLS, "Moonlander controller against two real API servers", () => {
  let lab: LandingLab;
  let parent: Cluster;
  let guest: Cluster;
  let dir: string;
  let controller: RunningController | undefined;
  let runs = 0;
  const copy = () => lab.copy();
  const landing = () => lab.landing();
  const setSource = (text: string) => lab.setSource(text);
  const until = (what: string, probe: () => Promise<boolean>, timeoutMs = 30_000) =>
    untilHolds(what, probe, () => controller?.log ?? "", timeoutMs);

  function startController(): void {
    runs++;
    // The rendered Deployment's args; only the resync and retry are shortened so drift repair is seen in seconds.
    controller = spawnController(process.execPath, [
      join(ROOT, "src/cli/main.ts"),
      ...lab.container.args,
      "--resync",
      "2",
      "--retry",
      "2",
      "--kubeconfig",
      lab.saKubeconfig,
    ]);
  }

  async function stopController(signal: NodeJS.Signals): Promise<{ code: number | null; log: string }> {
    const c = controller;
    if (!c) throw new Error("no controller running");
    c.proc.kill(signal);
    const code = await c.exited;
    controller = undefined;
    return { code, log: c.log };
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "moonlander-it-"));
    lab = await startLandingLab(dir, figures);
    parent = lab.parent;
    guest = lab.guest;
  }, 240_000);

  afterAll(async () => {
    if (controller) await stopController("SIGKILL");
    await lab?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (figures.length > 0) process.stderr.write(`moonlander figures:\n${figures.map((f) => `  ${f}\n`).join("")}`);
  });

  it("the tree's RBAC is least privilege: the ServiceAccount reads no other secret and cannot delete Landings", async () => {
    const authz = parent.kc.makeApiClient(AuthorizationV1Api);
    const can = async (verb: string, resource: string, namespace?: string, name?: string, subresource?: string) => {
      const r = await authz.createSubjectAccessReview({
        body: {
          spec: {
            user: `system:serviceaccount:${SA.namespace}:${SA.name}`,
            groups: ["system:serviceaccounts", `system:serviceaccounts:${SA.namespace}`, "system:authenticated"],
            resourceAttributes: {
              verb,
              group: resource === "landings" ? "moons.urmanac.com" : "",
              resource,
              ...(namespace ? { namespace } : {}),
              ...(name ? { name } : {}),
              ...(subresource ? { subresource } : {}),
            },
          },
        },
      });
      return r.status?.allowed === true;
    };
    expect(await can("get", "secrets", "tenant-lab", "kubernetes-harvey-admin-kubeconfig")).toBe(true);
    expect(await can("watch", "secrets", "moonlander-system", "parent-kubeconfig")).toBe(true);
    expect(await can("patch", "landings", "tenant-lab", "harvey", "status")).toBe(true);
    expect(await can("list", "secrets", "tenant-lab")).toBe(false);
    expect(await can("get", "secrets", "tenant-lab", "other")).toBe(false);
    expect(await can("get", "secrets", "kube-system", "kubernetes-harvey-admin-kubeconfig")).toBe(false);
    expect(await can("delete", "landings", "tenant-lab", "harvey")).toBe(false);
    expect(await can("create", "pods", "tenant-lab")).toBe(false);
  });

  it("create a Landing -> the parent kubeconfig appears in the guest cluster; the Landing is Ready with the finalizer", async () => {
    startController();
    await until("the controller to start watching", async () => (controller?.log ?? "").includes("watching Landings"));
    const t0 = performance.now();
    await createAll(parent, treeObjects("gitops/guest/landing.yaml"));
    await until("the copy in the guest", async () => (await copy()) === "# parent kubeconfig v1\n");
    figures.push(`Landing created -> copy in the guest: ${Math.round(performance.now() - t0)} ms`);
    await until("Ready=True", async () => (await landing())?.status?.conditions?.[0]?.status === "True");
    const l = (await landing()) as Json;
    expect(l.metadata.finalizers).toEqual([FINALIZER]);
    expect(l.status.observedGeneration).toBe(l.metadata.generation);
    expect(l.status.conditions[0]).toMatchObject({ type: "Ready", reason: "Landed" });
    const written = await guest.core.readNamespacedSecret(COPY);
    expect(written.metadata?.labels).toMatchObject({ "app.kubernetes.io/managed-by": "moonlander" });
    // A watch may fail once with 429 while the API server initializes the new CRD's storage; RBAC must never refuse.
    expect(controller?.log).not.toMatch(/forbidden|reconcile failed/i);
  }, 60_000);

  it("change the source -> the copy follows (watch-driven, well inside one resync)", async () => {
    const t0 = performance.now();
    await setSource("# parent kubeconfig v2\n");
    await until("the copy to follow v2", async () => (await copy()) === "# parent kubeconfig v2\n");
    figures.push(`source changed -> copy follows: ${Math.round(performance.now() - t0)} ms`);
  }, 60_000);

  it("drift in the guest (the copy deleted) is repaired by the resync", async () => {
    await guest.core.deleteNamespacedSecret(COPY);
    const ms = await until("the copy to come back", async () => (await copy()) === "# parent kubeconfig v2\n");
    figures.push(`copy deleted in the guest -> repaired: ${ms} ms (resync 2 s)`);
  }, 60_000);

  it("kill -9 mid-way, change the source while it is down -> a restart converges", async () => {
    const killed = await stopController("SIGKILL");
    expect(killed.code).toBeNull();
    await setSource("# parent kubeconfig v3\n");
    await new Promise((r) => setTimeout(r, 1500));
    expect(await copy()).toBe("# parent kubeconfig v2\n");
    const t0 = performance.now();
    startController();
    const up = await until("the restarted controller to watch", async () =>
      (controller?.log ?? "").includes("watching Landings"),
    );
    await until(
      "the restarted controller to converge on v3",
      async () => (await copy()) === "# parent kubeconfig v3\n",
    );
    figures.push(
      `restart after SIGKILL -> converged: ${Math.round(performance.now() - t0)} ms (process start to watching: ${up} ms)`,
    );
  }, 60_000);

  it("SIGTERM stops cleanly (exit 0); a Landing deleted meanwhile waits on the finalizer; the next run removes the copy", async () => {
    const stopped = await stopController("SIGTERM");
    expect(stopped.code).toBe(0);
    expect(stopped.log).toMatch(/SIGTERM: stopping[\s\S]*stopped/);
    await parent.custom.deleteNamespacedCustomObject(LANDING);
    await new Promise((r) => setTimeout(r, 1000));
    expect((await landing())?.metadata.deletionTimestamp).toBeDefined();
    expect(await copy()).toBe("# parent kubeconfig v3\n");
    const t0 = performance.now();
    startController();
    const up = await until("the restarted controller to watch", async () =>
      (controller?.log ?? "").includes("watching Landings"),
    );
    await until("the Landing to be gone", async () => (await landing()) === undefined);
    expect(await copy()).toBeUndefined();
    figures.push(
      `restart with a deleted Landing -> copy removed, Landing gone: ${Math.round(performance.now() - t0)} ms (process start to watching: ${up} ms)`,
    );
    const last = await stopController("SIGINT");
    expect(last.code).toBe(0);
    expect(last.log).toMatch(/SIGINT: stopping[\s\S]*stopped/);
    expect(runs).toBe(3);
  }, 60_000);
});
