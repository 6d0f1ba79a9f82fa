// Moonlander's controller (`moonlab moonlander run`, a real process) against TWO real API servers from the local
// control plane (src/rehearse/cluster/control-plane.ts): the parent (lab) cluster and a second one standing in for
// the guest cluster Harvey. The parent gets the gitops tree's own Landing CRD, Landing, namespace, ServiceAccount,
// RBAC and Deployment (applied by kubectl, validated by the API server); the guest's admin kubeconfig is stored where
// CozyStack stores it (tenant-lab/kubernetes-harvey-admin-kubeconfig, key admin.conf); the controller runs with the
// rendered Deployment's args and a token of the tree's moonlander ServiceAccount, so a permission the tree lacks
// fails here. Proven: create -> the copy appears in the guest; change the source -> it follows; drift is repaired;
// SIGKILL mid-way then a restart converges; SIGTERM/SIGINT stop cleanly; delete -> the finalizer removes the copy.
// What is not real here: CozyStack (the tenant namespace and the admin kubeconfig secret are created by the test,
// as CozyStack would) and the container image (the process runs from this checkout).
// The control plane's PKI uses @peculiar/x509, whose tsyringe needs the Reflect polyfill loaded first.
import "reflect-metadata";
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { parse, parseAllDocuments, stringify } from "yaml";
import { textOf } from "../../../src/artifacts/artifact.ts";
import { FINALIZER } from "../../../src/gitops/moonlander/reconcile.ts";
import { type ControlPlane, startControlPlane } from "../../../src/rehearse/cluster/control-plane.ts";
import { CONTROL_PLANE_PROGRAMS, INSTALL_HOW } from "../../../src/rehearse/cluster/tools.ts";
import { gitopsArtifacts } from "../../../src/render/gitops/index.ts";
import { patched, planOf } from "../../support/lab.ts";
import { describeWithTools, ROOT, requireTool } from "../../support/tools.ts";

const TOOLS = CONTROL_PLANE_PROGRAMS.map((name) => ({ name, how: INSTALL_HOW }));
const SA = "system:serviceaccount:moonlander-system:moonlander";
const SOURCE = ["moonlander-system", "parent-kubeconfig"] as const;
const COPY = ["crossplane-system", "remote-kubeconfig"] as const;

// biome-ignore lint/suspicious/noExplicitAny: the assertions read arbitrary nested kubectl JSON
type Json = Record<string, any>;

/** What the test measured, printed at the end (docs/gitops.md records a run). */
const figures: string[] = [];

describeWithTools(TOOLS, "Moonlander controller against two real API servers", () => {
  let parent: ControlPlane;
  let guest: ControlPlane;
  let dir: string;
  let saKubeconfig: string;
  let deploymentArgs: string[];
  let controller: { proc: ChildProcess; log: string; exited: Promise<number | null> } | undefined;
  let runs = 0;

  const kubectl = (cp: ControlPlane, args: readonly string[], input?: string): string =>
    execFileSync(requireTool("kubectl"), [`--kubeconfig=${cp.kubeconfigPath}`, ...args], {
      encoding: "utf8",
      timeout: 60_000,
      ...(input !== undefined ? { input } : {}),
    });
  const getJson = (cp: ControlPlane, args: readonly string[]): Json | undefined => {
    const out = kubectl(cp, ["get", ...args, "-o", "json", "--ignore-not-found"]);
    return out.trim() === "" ? undefined : (JSON.parse(out) as Json);
  };
  const secretText = (cp: ControlPlane, ns: string, name: string, key: string): string | undefined => {
    const s = getJson(cp, ["secret", name, "-n", ns]);
    const v = s?.data?.[key];
    return v === undefined ? undefined : Buffer.from(v, "base64").toString("utf8");
  };
  const copy = () => secretText(guest, COPY[0], COPY[1], "kubeconfig");
  const landing = () => getJson(parent, ["landings.moons.urmanac.com", "harvey", "-n", "tenant-lab"]);
  const setSource = (text: string) =>
    kubectl(
      parent,
      ["apply", "-f", "-"],
      stringify({
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: SOURCE[1], namespace: SOURCE[0] },
        stringData: { kubeconfig: text },
      }),
    );

  /** Polls until `probe` returns true; the controller's log is in the failure message. */
  async function until(what: string, probe: () => boolean, timeoutMs = 30_000): Promise<number> {
    const t0 = performance.now();
    while (performance.now() - t0 < timeoutMs) {
      if (probe()) return Math.round(performance.now() - t0);
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
    [parent, guest] = await Promise.all([startControlPlane(), startControlPlane()]);
    figures.push(`control planes ready: parent ${parent.readyMs} ms, guest ${guest.readyMs} ms (started together)`);

    // The tree's objects, exactly as rendered for the default lab.
    const tree = gitopsArtifacts(planOf(patched("moon", {})));
    const file = (path: string) => {
      const a = tree.find((x) => x.path === path);
      if (!a) throw new Error(`${path} is not rendered`);
      return textOf(a);
    };
    const infra = file("gitops/infrastructure/moonlander.yaml");
    const deployment = parseAllDocuments(infra)
      .map((d) => d.toJS() as Json)
      .find((o) => o.kind === "Deployment");
    deploymentArgs = deployment?.spec.template.spec.containers[0].args;
    kubectl(parent, ["apply", "-f", "-"], file("gitops/infrastructure/moonlander-crd.yaml"));
    kubectl(parent, ["wait", "--for=condition=Established", "crd/landings.moons.urmanac.com", "--timeout=60s"]);
    kubectl(parent, ["apply", "-f", "-"], infra);
    // CozyStack's Tenant creates the tenant namespace; there is no CozyStack here.
    kubectl(parent, ["create", "namespace", "tenant-lab"]);
    kubectl(parent, ["apply", "-f", "-"], file("gitops/guest/moonlander-rbac.yaml"));

    // Where CozyStack stores the guest cluster's admin kubeconfig.
    kubectl(parent, [
      "create",
      "secret",
      "generic",
      "kubernetes-harvey-admin-kubeconfig",
      "-n",
      "tenant-lab",
      `--from-file=admin.conf=${guest.kubeconfigPath}`,
    ]);
    setSource("# parent kubeconfig v1\n");

    // A token of the tree's ServiceAccount: the controller authenticates as it, so RBAC is the tree's.
    const token = kubectl(parent, ["create", "token", "moonlander", "-n", "moonlander-system", "--duration=2h"]).trim();
    const admin = parse(readFileSync(parent.kubeconfigPath, "utf8")) as Json;
    saKubeconfig = join(dir, "moonlander.kubeconfig");
    writeFileSync(
      saKubeconfig,
      stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: admin.clusters,
        users: [{ name: "moonlander", user: { token } }],
        contexts: [{ name: "moonlander", context: { cluster: admin.clusters[0].name, user: "moonlander" } }],
        "current-context": "moonlander",
      }),
      { mode: 0o600 },
    );
  }, 240_000);

  afterAll(async () => {
    if (controller) await stopController("SIGKILL");
    await Promise.all([parent?.stop(), guest?.stop()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (figures.length > 0) process.stderr.write(`moonlander figures:\n${figures.map((f) => `  ${f}\n`).join("")}`);
  });

  it("the tree's RBAC is least privilege: the ServiceAccount reads no other secret and cannot delete Landings", () => {
    const can = (...args: string[]) => {
      try {
        return kubectl(parent, ["auth", "can-i", `--as=${SA}`, ...args]).trim();
      } catch (e) {
        return String((e as { stdout?: string }).stdout ?? "").trim();
      }
    };
    expect(can("get", "secret/kubernetes-harvey-admin-kubeconfig", "-n", "tenant-lab")).toBe("yes");
    expect(can("watch", "secret/parent-kubeconfig", "-n", "moonlander-system")).toBe("yes");
    expect(can("patch", "landings.moons.urmanac.com", "--subresource=status", "-A")).toBe("yes");
    expect(can("list", "secrets", "-n", "tenant-lab")).toBe("no");
    expect(can("get", "secret/other", "-n", "tenant-lab")).toBe("no");
    expect(can("get", "secret/kubernetes-harvey-admin-kubeconfig", "-n", "kube-system")).toBe("no");
    expect(can("delete", "landings.moons.urmanac.com", "-A")).toBe("no");
    expect(can("create", "pods", "-A")).toBe("no");
  });

  it("create a Landing -> the parent kubeconfig appears in the guest cluster; the Landing is Ready with the finalizer", async () => {
    startController();
    await until("the controller to start watching", () => (controller?.log ?? "").includes("watching Landings"));
    const tree = gitopsArtifacts(planOf(patched("moon", {})));
    const landingYaml = textOf(tree.find((a) => a.path === "gitops/guest/landing.yaml") ?? { path: "", content: "" });
    const t0 = performance.now();
    kubectl(parent, ["apply", "-f", "-"], landingYaml);
    await until("the copy in the guest", () => copy() === "# parent kubeconfig v1\n");
    figures.push(`Landing created -> copy in the guest: ${Math.round(performance.now() - t0)} ms`);
    await until("Ready=True", () => landing()?.status?.conditions?.[0]?.status === "True");
    const l = landing() as Json;
    expect(l.metadata.finalizers).toEqual([FINALIZER]);
    expect(l.status.observedGeneration).toBe(l.metadata.generation);
    expect(l.status.conditions[0]).toMatchObject({ type: "Ready", reason: "Landed" });
    const written = getJson(guest, ["secret", COPY[1], "-n", COPY[0]]);
    expect(written?.metadata.labels).toMatchObject({ "app.kubernetes.io/managed-by": "moonlander" });
    expect(controller?.log).not.toMatch(/forbidden/i);
  }, 60_000);

  it("change the source -> the copy follows (watch-driven, well inside one resync)", async () => {
    const t0 = performance.now();
    setSource("# parent kubeconfig v2\n");
    await until("the copy to follow v2", () => copy() === "# parent kubeconfig v2\n");
    figures.push(`source changed -> copy follows: ${Math.round(performance.now() - t0)} ms`);
  }, 60_000);

  it("drift in the guest (the copy deleted) is repaired by the resync", async () => {
    kubectl(guest, ["delete", "secret", COPY[1], "-n", COPY[0]]);
    const ms = await until("the copy to come back", () => copy() === "# parent kubeconfig v2\n");
    figures.push(`copy deleted in the guest -> repaired: ${ms} ms (resync 2 s)`);
  }, 60_000);

  it("kill -9 mid-way, change the source while it is down -> a restart converges", async () => {
    const killed = await stopController("SIGKILL");
    expect(killed.code).toBeNull();
    setSource("# parent kubeconfig v3\n");
    await new Promise((r) => setTimeout(r, 1500));
    expect(copy()).toBe("# parent kubeconfig v2\n");
    const t0 = performance.now();
    startController();
    await until("the restarted controller to converge on v3", () => copy() === "# parent kubeconfig v3\n");
    figures.push(
      `restart after SIGKILL -> converged: ${Math.round(performance.now() - t0)} ms (process start included)`,
    );
  }, 60_000);

  it("SIGTERM stops cleanly (exit 0); a Landing deleted meanwhile waits on the finalizer; the next run removes the copy", async () => {
    const stopped = await stopController("SIGTERM");
    expect(stopped.code).toBe(0);
    expect(stopped.log).toMatch(/SIGTERM: stopping[\s\S]*stopped/);
    kubectl(parent, ["delete", "landings.moons.urmanac.com", "harvey", "-n", "tenant-lab", "--wait=false"]);
    await new Promise((r) => setTimeout(r, 1000));
    expect(landing()?.metadata.deletionTimestamp).toBeDefined();
    expect(copy()).toBe("# parent kubeconfig v3\n");
    const t0 = performance.now();
    startController();
    await until("the Landing to be gone", () => landing() === undefined);
    expect(copy()).toBeUndefined();
    figures.push(
      `restart with a deleted Landing -> copy removed, Landing gone: ${Math.round(performance.now() - t0)} ms`,
    );
    const last = await stopController("SIGINT");
    expect(last.code).toBe(0);
    expect(last.log).toMatch(/SIGINT: stopping[\s\S]*stopped/);
    expect(runs).toBe(3);
  }, 60_000);
});
