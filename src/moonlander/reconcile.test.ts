// Moonlander's reconcile against in-memory parent and child clusters: landing, waiting, idempotence, drift,
// unreachable child, and deletion through the finalizer.
import { describe, expect, it } from "vitest";
import {
  FINALIZER,
  type Landing,
  type LandingStatus,
  type ParentCluster,
  type ReconcileDeps,
  reconcileLanding,
  type SecretData,
  type SecretStore,
} from "./reconcile.ts";

class MemSecrets implements SecretStore {
  readonly secrets = new Map<string, { data: SecretData; labels: Readonly<Record<string, string>> }>();
  writes = 0;
  async getSecret(ns: string, name: string) {
    return this.secrets.get(`${ns}/${name}`)?.data;
  }
  async applySecret(ns: string, name: string, data: SecretData, labels: Readonly<Record<string, string>>) {
    this.writes++;
    this.secrets.set(`${ns}/${name}`, { data, labels });
  }
  async deleteSecret(ns: string, name: string) {
    this.secrets.delete(`${ns}/${name}`);
  }
}

class MemParent extends MemSecrets implements ParentCluster {
  landing: Landing;
  statusWrites = 0;
  constructor(l: Landing) {
    super();
    this.landing = l;
  }
  async setFinalizers(_l: Landing, finalizers: readonly string[]) {
    this.landing = { ...this.landing, metadata: { ...this.landing.metadata, finalizers } };
  }
  async setStatus(_l: Landing, status: LandingStatus) {
    this.statusWrites++;
    this.landing = { ...this.landing, status };
  }
}

const b64 = (s: string) => Buffer.from(s).toString("base64");
const landing = (): Landing => ({
  metadata: { name: "harvey", namespace: "tenant-lab", generation: 3 },
  spec: {},
});

function setup(opts: { childUp?: boolean; parentKubeconfig?: string | undefined } = {}) {
  const parent = new MemParent(landing());
  const child = new MemSecrets();
  let clock = Date.parse("2026-11-26T12:00:00Z");
  const connected: string[] = [];
  const deps: ReconcileDeps = {
    parent,
    connect: (kc) => {
      connected.push(kc);
      if (opts.childUp === false) throw new Error("dial tcp 10.244.1.9:6443: connection refused");
      return child;
    },
    parentKubeconfig: () =>
      "parentKubeconfig" in opts ? opts.parentKubeconfig : "apiVersion: v1\nkind: Config\n# parent\n",
    now: () => {
      clock += 1000;
      return new Date(clock);
    },
  };
  const run = () => reconcileLanding(parent.landing, deps);
  return { parent, child, deps, run, connected };
}

describe("reconcileLanding", () => {
  it("waits (Ready=False, retry) until the child's admin kubeconfig exists, with the finalizer already set", async () => {
    const { parent, run } = setup();
    const r = await run();
    expect(r).toEqual({ ready: false, reason: "KubeconfigMissing", requeueAfter: 30 });
    expect(parent.landing.metadata.finalizers).toEqual([FINALIZER]);
    expect(parent.landing.status?.conditions[0]).toMatchObject({
      type: "Ready",
      status: "False",
      reason: "KubeconfigMissing",
    });
    expect(parent.landing.status?.conditions[0]?.message).toContain("tenant-lab/kubernetes-harvey-admin-kubeconfig");
  });

  it("lands: connects with the child kubeconfig and writes the parent kubeconfig into crossplane-system/remote-kubeconfig", async () => {
    const { parent, child, run, connected } = setup();
    await parent.applySecret(
      "tenant-lab",
      "kubernetes-harvey-admin-kubeconfig",
      { "admin.conf": b64("child-kubeconfig") },
      {},
    );
    const r = await run();
    expect(r).toEqual({ ready: true, reason: "Landed", requeueAfter: 600 });
    expect(connected).toEqual(["child-kubeconfig"]);
    const written = child.secrets.get("crossplane-system/remote-kubeconfig");
    expect(Buffer.from(written?.data.kubeconfig ?? "", "base64").toString()).toContain("# parent");
    expect(written?.labels).toEqual({ "app.kubernetes.io/managed-by": "moonlander" });
    expect(parent.landing.status).toMatchObject({
      observedGeneration: 3,
      conditions: [{ status: "True", reason: "Landed" }],
    });
  });

  it("is idempotent: a second pass rewrites the secret (drift repair) but not the status", async () => {
    const { parent, child, run } = setup();
    await parent.applySecret("tenant-lab", "kubernetes-harvey-admin-kubeconfig", { "admin.conf": b64("kc") }, {});
    await run();
    const status = parent.landing.status;
    const writes = parent.statusWrites;
    child.secrets.delete("crossplane-system/remote-kubeconfig");
    await run();
    expect(child.secrets.has("crossplane-system/remote-kubeconfig")).toBe(true);
    expect(parent.statusWrites).toBe(writes);
    expect(parent.landing.status).toEqual(status);
  });

  it("reports a key that is not in the secret, and an unreachable child, without throwing", async () => {
    const wrongKey = setup();
    await wrongKey.parent.applySecret(
      "tenant-lab",
      "kubernetes-harvey-admin-kubeconfig",
      { "super-admin.conf": b64("kc") },
      {},
    );
    expect((await wrongKey.run()).reason).toBe("KubeconfigKeyMissing");
    const down = setup({ childUp: false });
    await down.parent.applySecret("tenant-lab", "kubernetes-harvey-admin-kubeconfig", { "admin.conf": b64("kc") }, {});
    const r = await down.run();
    expect(r).toEqual({ ready: false, reason: "ChildUnreachable", requeueAfter: 30 });
    expect(down.parent.landing.status?.conditions[0]?.message).toMatch(/connection refused/);
  });

  it("moves lastTransitionTime only when Ready flips", async () => {
    const { parent, run } = setup();
    await run();
    const t1 = parent.landing.status?.conditions[0]?.lastTransitionTime;
    await run();
    expect(parent.landing.status?.conditions[0]?.lastTransitionTime).toBe(t1);
    await parent.applySecret("tenant-lab", "kubernetes-harvey-admin-kubeconfig", { "admin.conf": b64("kc") }, {});
    await run();
    expect(parent.landing.status?.conditions[0]?.lastTransitionTime).not.toBe(t1);
  });

  it("on deletion removes the written secret from the child, then releases the finalizer", async () => {
    const { parent, child, run } = setup();
    await parent.applySecret("tenant-lab", "kubernetes-harvey-admin-kubeconfig", { "admin.conf": b64("kc") }, {});
    await run();
    parent.landing = {
      ...parent.landing,
      metadata: { ...parent.landing.metadata, deletionTimestamp: "2026-11-26T13:00:00Z" },
    };
    const r = await run();
    expect(r).toEqual({ ready: false, reason: "Deleted" });
    expect(child.secrets.has("crossplane-system/remote-kubeconfig")).toBe(false);
    expect(parent.landing.metadata.finalizers).toEqual([]);
  });

  it("honours spec overrides for every secret name, key and namespace", async () => {
    const { parent, child, deps } = setup();
    parent.landing = {
      ...landing(),
      spec: {
        kubeconfigSecretName: "kc",
        kubeconfigSecretKey: "value",
        kubeconfigSecretNamespace: "elsewhere",
        writeKubeconfigSecretName: "parent",
        writeKubeconfigSecretKey: "config",
        targetNamespace: "harvey-system",
      },
    };
    await parent.applySecret("elsewhere", "kc", { value: b64("kc") }, {});
    expect((await reconcileLanding(parent.landing, deps)).ready).toBe(true);
    expect(Object.keys(child.secrets.get("harvey-system/parent")?.data ?? {})).toEqual(["config"]);
  });

  it("waits (Ready=False, retry) while the parent kubeconfig to hand out is not there, without touching the child", async () => {
    const { parent, child, run, connected } = setup({ parentKubeconfig: undefined });
    await parent.applySecret("tenant-lab", "kubernetes-harvey-admin-kubeconfig", { "admin.conf": b64("kc") }, {});
    const r = await run();
    expect(r).toEqual({ ready: false, reason: "ParentKubeconfigMissing", requeueAfter: 30 });
    expect(connected).toEqual([]);
    expect(child.writes).toBe(0);
    expect(parent.landing.status?.conditions[0]).toMatchObject({ status: "False", reason: "ParentKubeconfigMissing" });
  });

  it("reports a child kubeconfig secret it may not read (RBAC) as a condition instead of throwing", async () => {
    const { parent, run } = setup();
    parent.getSecret = async () => {
      throw new Error('secrets "kubernetes-harvey-admin-kubeconfig" is forbidden');
    };
    const r = await run();
    expect(r).toEqual({ ready: false, reason: "KubeconfigUnreadable", requeueAfter: 30 });
    expect(parent.landing.status?.conditions[0]?.message).toMatch(/forbidden/);
  });

  it("does not rewrite a status the API server returns with its keys in another order", async () => {
    const { parent, run } = setup();
    await run();
    const writes = parent.statusWrites;
    const sortKeys = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(sortKeys)
        : v && typeof v === "object"
          ? Object.fromEntries(
              Object.entries(v)
                .sort(([a], [b]) => (a < b ? -1 : 1))
                .map(([k, x]) => [k, sortKeys(x)]),
            )
          : v;
    // Custom resources come back from the API server with their keys sorted (conditions before observedGeneration).
    parent.landing = { ...parent.landing, status: sortKeys(parent.landing.status) as LandingStatus };
    await run();
    expect(parent.statusWrites).toBe(writes);
  });
});
