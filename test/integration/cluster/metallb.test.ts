// MetalLB's real controller (scripts/test-tools/39-metallb.sh) against an API server alone (etcd + kube-apiserver,
// metallb's CRDs): the home tree's pool objects, read back from a rendered fleet work tree, are applied; a pool edited
// to exclude the address the tree's Service asks for makes the allocation leg fail with MetalLB's own reason; the
// tree's pool as rendered gives the Service its address. The full rehearsal (rehearse-cluster.test.ts) runs the same
// leg after kustomize-controller applied the pool.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CoreV1Api } from "@kubernetes/client-node";
import { afterAll, beforeAll, expect, it } from "vitest";
import { stringify } from "yaml";
import { kubeConfigFrom } from "../../../src/adapters/kube/client-node.ts";
import { type ControlPlane, startControlPlane } from "../../../src/rehearse/cluster/control-plane.ts";
import { upstreamCrdSets } from "../../../src/rehearse/cluster/crds.ts";
import { createFleetRepo } from "../../../src/rehearse/cluster/fleet-repo.ts";
import { kubectlFor } from "../../../src/rehearse/cluster/kubectl.ts";
import { allocateFromPool, metallbRehearsal } from "../../../src/rehearse/cluster/metallb.ts";
import type { MetallbController } from "../../../src/rehearse/cluster/metallb-controller.ts";
import { type MetallbTree, readMetallbTree } from "../../../src/rehearse/cluster/metallb-tree.ts";
import { ensureNamespace } from "../../../src/rehearse/cluster/moonlander-credentials.ts";
import { INSTALL_HOW, METALLB_PROGRAMS } from "../../../src/rehearse/cluster/tools.ts";
import { exampleObject, planOf } from "../../support/lab.ts";
import { describeWithTools } from "../../support/tools.ts";

const TOOLS = ["etcd", "kube-apiserver", "kubectl", ...METALLB_PROGRAMS, "kustomize", "git"].map((name) => ({
  name,
  how: INSTALL_HOW,
}));
const tmp = mkdtempSync(join(tmpdir(), "moonlab-metallb-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const home = planOf(exampleObject("home"));
const treeOf = async (example: "home" | "moon", dir: string) => {
  const plan = planOf(exampleObject(example));
  const repo = createFleetRepo(plan, join(tmp, dir), "http://127.0.0.1:9/fleet.git");
  return readMetallbTree(repo.plan, repo.workTree);
};

describeWithTools(TOOLS, "MetalLB's controller allocating from the tree's pool", () => {
  let cp: ControlPlane;
  let tree: MetallbTree;
  const controllers: MetallbController[] = [];
  beforeAll(async () => {
    const t = await treeOf("home", "home-tree");
    if ("notApplicable" in t) throw new Error(t.notApplicable);
    tree = t;
    cp = await startControlPlane({ workDir: join(tmp, "cp"), apiServerOnly: true });
    const kubectl = kubectlFor(cp.kubeconfigPath);
    const set = upstreamCrdSets().find((s) => s.name.startsWith("metallb@"));
    if (!set) throw new Error("no metallb CRD set: run scripts/install-test-tools.sh");
    await kubectl(["apply", "--server-side", "-f", set.dir], 120_000);
    await kubectl(["wait", "--for=condition=Established", "--timeout=90s", ...set.crds.map((c) => `crd/${c}`)]);
    const core = kubeConfigFrom(cp.kubeconfigPath).makeApiClient(CoreV1Api);
    await ensureNamespace(core, tree.namespace);
  }, 180_000);
  afterAll(async () => {
    for (const c of controllers) await c.stop();
    await cp?.stop();
  });

  /** The tree's pool objects, the IPAddressPool's addresses replaced when `addresses` is given. */
  const applyPool = async (addresses?: string[]) => {
    const objects = tree.poolObjects.map((o) =>
      o.kind === "IPAddressPool" && addresses ? { ...o, spec: { ...(o.spec as object), addresses } } : o,
    );
    const file = join(tmp, `pool-${addresses ? "edited" : "tree"}.yaml`);
    writeFileSync(file, objects.map((o) => stringify(o)).join("---\n"));
    await kubectlFor(cp.kubeconfigPath)(["apply", "--server-side", "--force-conflicts", "-f", file]);
  };
  const allocate = async (dir: string) => {
    for (const c of controllers.splice(0)) await c.stop();
    return allocateFromPool({
      adminKubeconfigPath: cp.kubeconfigPath,
      plan: home,
      tree,
      workDir: join(tmp, dir),
      log: (l) => process.stderr.write(`[metallb] ${l}\n`),
      started: (c) => controllers.push(c),
      legTimeoutMs: 10_000,
    });
  };

  it("a pool that excludes the requested address: the leg fails with MetalLB's own reason", async () => {
    await applyPool(["10.17.13.210-10.17.13.219"]);
    const { leg, standIns } = await allocate("excluded");
    expect(leg.ok).toBe(false);
    expect(leg.address).toBeUndefined();
    const evidence = leg.evidence.join("\n");
    process.stderr.write(`[metallb] ${leg.what}: FAILED as expected:\n${evidence}\n`);
    expect(evidence).toMatch(
      /event AllocationFailed from metallb-controller: .*"10\.17\.13\.200"\] is not allowed in config/,
    );
    expect(evidence).toMatch(/status.loadBalancer: \{\}/);
    // An API server alone has no controller-manager: the rehearsal created the namespace's default ServiceAccount.
    expect(standIns).toContain("ServiceAccount cozy-metallb/default");
  }, 120_000);

  it("the tree's pool as rendered: the Service gets the address it asks for, inside the plan's pool", async () => {
    await applyPool();
    const { leg } = await allocate("tree");
    expect(leg.ok, leg.evidence.join("\n")).toBe(true);
    expect(leg.address).toBe(home.network.loadBalancerPool?.start);
    expect(leg.evidence.join("\n")).toMatch(/inside the plan's pool 10\.17\.13\.200-10\.17\.13\.219/);
  }, 120_000);
});

describeWithTools(
  TOOLS.filter((t) => ["kustomize", "git"].includes(t.name)),
  "MetalLB for a plan without a pool",
  () => {
    it("the moon (AWS) tree has no IPAddressPool: MetalLB is not applicable, saying why", async () => {
      const tree = await treeOf("moon", "moon-tree");
      const r = await metallbRehearsal({
        adminKubeconfigPath: "/nonexistent",
        plan: planOf(exampleObject("moon")),
        tree,
        workDir: join(tmp, "moon"),
        log: () => {},
        appliedTimeoutMs: 1000,
        started: () => {
          throw new Error("no controller may start");
        },
      });
      expect(r.applicable).toBe(false);
      expect(r.reason).toMatch(/no IPAddressPool \(target aws: MetalLB L2 cannot work in a VPC/);
      expect(r.legs).toEqual([]);
      expect(r.ok).toBe(true);
    });
  },
);
