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
// as CozyStack would) and the container image (the process runs from this checkout).
// The control plane's PKI uses @peculiar/x509, whose tsyringe needs the Reflect polyfill loaded first.
import "reflect-metadata";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ApiextensionsV1Api,
  AuthorizationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  type KubernetesObject,
  KubernetesObjectApi,
} from "@kubernetes/client-node";
import { afterAll, beforeAll, expect, it } from "vitest";
import { parse, parseAllDocuments, stringify } from "yaml";
import { textOf } from "../../../src/artifacts/artifact.ts";
import { isNotFound } from "../../../src/moonlander/kube-stores.ts";
import { FINALIZER } from "../../../src/moonlander/reconcile.ts";
import { type ControlPlane, startControlPlane } from "../../../src/rehearse/cluster/control-plane.ts";
import { INSTALL_HOW } from "../../../src/rehearse/cluster/tools.ts";
import { gitopsArtifacts } from "../../../src/render/gitops/index.ts";
import { patched, planOf } from "../../support/lab.ts";
import { describeWithTools, ROOT } from "../../support/tools.ts";

// Both clusters are etcd + kube-apiserver only: the test needs their APIs, not pods (the controller runs as a process).
const TOOLS = ["etcd", "kube-apiserver"].map((name) => ({ name, how: INSTALL_HOW }));
const SA = { name: "moonlander", namespace: "moonlander-system" };
const SOURCE = { namespace: "moonlander-system", name: "parent-kubeconfig" };
const COPY = { namespace: "crossplane-system", name: "remote-kubeconfig" };
const LANDING = {
  group: "moons.urmanac.com",
  version: "v1alpha1",
  plural: "landings",
  namespace: "tenant-lab",
  name: "harvey",
};

// biome-ignore lint/suspicious/noExplicitAny: the assertions read arbitrary nested API JSON
type Json = Record<string, any>;

/** What the test measured, printed at the end (docs/gitops.md records a run). */
const figures: string[] = [];

interface Cluster {
  readonly cp: ControlPlane;
  readonly core: CoreV1Api;
  readonly objects: KubernetesObjectApi;
  readonly custom: CustomObjectsApi;
  readonly kc: KubeConfig;
}

function clientsOf(cp: ControlPlane): Cluster {
  const kc = new KubeConfig();
  kc.loadFromFile(cp.kubeconfigPath);
  return {
    cp,
    kc,
    core: kc.makeApiClient(CoreV1Api),
    objects: KubernetesObjectApi.makeApiClient(kc),
    custom: kc.makeApiClient(CustomObjectsApi),
  };
}

const orUndefined = async <T>(p: Promise<T>): Promise<T | undefined> => {
  try {
    return await p;
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
};

describeWithTools(TOOLS, "Moonlander controller against two real API servers", () => {
  let parent: Cluster;
  let guest: Cluster;
  let dir: string;
  let saKubeconfig: string;
  let deploymentArgs: string[];
  let controller: { proc: ChildProcess; log: string; exited: Promise<number | null> } | undefined;
  let runs = 0;
  const tree = () => gitopsArtifacts(planOf(patched("moon", {})));
  const treeObjects = (path: string): KubernetesObject[] => {
    const a = tree().find((x) => x.path === path);
    if (!a) throw new Error(`${path} is not rendered`);
    return parseAllDocuments(textOf(a)).map((d) => d.toJS() as KubernetesObject);
  };
  const createAll = async (c: Cluster, objects: readonly KubernetesObject[]) => {
    for (const o of objects) await c.objects.create(o);
  };

  const copy = async (): Promise<string | undefined> => {
    const s = await orUndefined(guest.core.readNamespacedSecret(COPY));
    const v = s?.data?.kubeconfig;
    return v === undefined ? undefined : Buffer.from(v, "base64").toString("utf8");
  };
  const landing = async (): Promise<Json | undefined> =>
    orUndefined(parent.custom.getNamespacedCustomObject(LANDING) as Promise<Json>);
  const setSource = async (text: string) => {
    const current = await orUndefined(parent.core.readNamespacedSecret(SOURCE));
    const body = { metadata: { ...SOURCE }, stringData: { kubeconfig: text } };
    if (current) await parent.core.replaceNamespacedSecret({ ...SOURCE, body });
    else await parent.core.createNamespacedSecret({ namespace: SOURCE.namespace, body });
  };

  /** Polls until `probe` holds; the controller's log is in the failure message. */
  async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<number> {
    const t0 = performance.now();
    while (performance.now() - t0 < timeoutMs) {
      if (await probe()) return Math.round(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\ncontroller log:\n${controller?.log ?? ""}`);
  }

  function startController(): void {
    runs++;
    // The rendered Deployment's args; only the resync and retry are shortened so drift repair is seen in seconds.
    const args = [
      join(ROOT, "src/cli/main.ts"),
      ...deploymentArgs,
      "--resync",
      "2",
      "--retry",
      "2",
      "--kubeconfig",
      saKubeconfig,
    ];
    const proc = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    const c = {
      proc,
      log: "",
      exited: new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code))),
    };
    proc.stdout?.on("data", (d) => {
      c.log += d;
    });
    proc.stderr?.on("data", (d) => {
      c.log += d;
    });
    controller = c;
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
    const [p, g] = await Promise.all([
      startControlPlane({ apiServerOnly: true }),
      startControlPlane({ apiServerOnly: true }),
    ]);
    parent = clientsOf(p);
    guest = clientsOf(g);
    figures.push(`API servers ready: parent ${p.readyMs} ms, guest ${g.readyMs} ms (started together)`);

    // The tree's objects, exactly as rendered for the default lab.
    const infra = treeObjects("gitops/infrastructure/moonlander.yaml");
    const deployment = infra.find((o) => o.kind === "Deployment") as Json;
    deploymentArgs = deployment.spec.template.spec.containers[0].args;
    await createAll(parent, treeObjects("gitops/infrastructure/moonlander-crd.yaml"));
    const ext = parent.kc.makeApiClient(ApiextensionsV1Api);
    await until("the Landing CRD to be Established", async () => {
      const crd = await ext.readCustomResourceDefinition({ name: "landings.moons.urmanac.com" });
      return (crd.status?.conditions ?? []).some((c) => c.type === "Established" && c.status === "True");
    });
    await createAll(parent, infra);
    // CozyStack's Tenant creates the tenant namespace; there is no CozyStack here.
    await parent.core.createNamespace({ body: { metadata: { name: LANDING.namespace } } });
    await createAll(parent, treeObjects("gitops/guest/moonlander-rbac.yaml"));
    // Where CozyStack stores the guest cluster's admin kubeconfig.
    await parent.core.createNamespacedSecret({
      namespace: LANDING.namespace,
      body: {
        metadata: { name: "kubernetes-harvey-admin-kubeconfig" },
        stringData: { "admin.conf": readFileSync(g.kubeconfigPath, "utf8") },
      },
    });
    await setSource("# parent kubeconfig v1\n");

    // A token of the tree's ServiceAccount: the controller authenticates as it, so RBAC is the tree's.
    const tr = await parent.core.createNamespacedServiceAccountToken({
      ...SA,
      body: { spec: { audiences: [], expirationSeconds: 7200 } },
    });
    const admin = parse(readFileSync(p.kubeconfigPath, "utf8")) as Json;
    saKubeconfig = join(dir, "moonlander.kubeconfig");
    writeFileSync(
      saKubeconfig,
      stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: admin.clusters,
        users: [{ name: "moonlander", user: { token: tr.status?.token } }],
        contexts: [{ name: "moonlander", context: { cluster: admin.clusters[0].name, user: "moonlander" } }],
        "current-context": "moonlander",
      }),
      { mode: 0o600 },
    );
  }, 240_000);

  afterAll(async () => {
    if (controller) await stopController("SIGKILL");
    await Promise.all([parent?.cp.stop(), guest?.cp.stop()]);
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
