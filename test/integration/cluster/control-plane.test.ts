// The local control plane of the live half (src/rehearse/cluster/control-plane.ts) with the real programs built by
// scripts/test-tools/35-kubernetes.sh: it starts with RBAC on, accepts an object through kubectl, runs a pod on a
// kwok node that carries the labels it was given, refuses an unauthenticated client, and stop() leaves no process
// and no directory behind.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type ControlPlane, startControlPlane } from "../../../src/rehearse/cluster/control-plane.ts";
import { CONTROL_PLANE_PROGRAMS, INSTALL_HOW } from "../../../src/rehearse/cluster/tools.ts";
import { describeWithTools, requireTool } from "../../support/tools.ts";

const TOOLS = CONTROL_PLANE_PROGRAMS.map((name) => ({ name, how: INSTALL_HOW }));

/** Pids of the process group leaders' whole groups, read from /proc (no ps dependency). */
function processesOf(pgids: readonly number[]): number[] {
  const out: number[] = [];
  for (const e of execFileSync("ls", ["/proc"], { encoding: "utf8" }).split("\n")) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(join("/proc", e, "stat"), "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (pgids.includes(Number(fields[2]))) out.push(Number(e));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

function programPids(workDir: string): number[] {
  // The programs are the processes whose command line points into this control plane's work dir.
  const pids: number[] = [];
  for (const e of execFileSync("ls", ["/proc"], { encoding: "utf8" }).split("\n")) {
    if (!/^\d+$/.test(e)) continue;
    try {
      if (readFileSync(join("/proc", e, "cmdline"), "utf8").includes(workDir)) pids.push(Number(e));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

describeWithTools(TOOLS, "a local control plane from the Go module proxy", () => {
  let cp: ControlPlane;
  const kubectl = (...args: string[]): string =>
    execFileSync(requireTool("kubectl"), [`--kubeconfig=${cp.kubeconfigPath}`, ...args], {
      encoding: "utf8",
      timeout: 60_000,
    });

  beforeAll(async () => {
    cp = await startControlPlane({
      kwokNodes: [
        { name: "moon-w1", labels: { "node-role.kubernetes.io/worker": "", "moonlab.dev/extension-spin": "true" } },
      ],
    });
  }, 180_000);
  afterAll(async () => {
    await cp?.stop();
  });

  it("serves the pinned Kubernetes version over TLS on a loopback port", () => {
    expect(cp.server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(kubectl("version", "-o", "json")).toContain('"gitVersion": "v1.34.2"');
  });

  it("has RBAC on: an anonymous client is refused, a ServiceAccount without roles is forbidden", () => {
    const anon = execFileSync("curl", ["-sk", "-o", "/dev/null", "-w", "%{http_code}", `${cp.server}/api/v1/secrets`], {
      encoding: "utf8",
      timeout: 10_000,
    });
    expect(["401", "403"]).toContain(anon);
    // `kubectl auth can-i` answers "no" with exit code 1.
    const canI = spawnSync(
      requireTool("kubectl"),
      [
        `--kubeconfig=${cp.kubeconfigPath}`,
        "auth",
        "can-i",
        "list",
        "secrets",
        "--as=system:serviceaccount:default:default",
      ],
      { encoding: "utf8", timeout: 30_000 },
    );
    expect(canI.stdout.trim()).toBe("no");
    expect(kubectl("auth", "can-i", "list", "secrets").trim()).toBe("yes");
  }, 30_000);

  it("creates an object and schedules a pod onto the labelled kwok node, where it runs", () => {
    kubectl("create", "configmap", "probe", "-n", "default", "--from-literal=a=b");
    expect(kubectl("get", "configmap", "probe", "-n", "default", "-o", "jsonpath={.data.a}")).toBe("b");
    kubectl(
      "run",
      "probe",
      "-n",
      "default",
      "--image=registry.invalid/probe:1",
      "--overrides",
      JSON.stringify({ spec: { nodeSelector: { "moonlab.dev/extension-spin": "true" } } }),
    );
    kubectl("wait", "-n", "default", "--for=condition=Ready", "pod/probe", "--timeout=60s");
    expect(kubectl("get", "pod", "probe", "-n", "default", "-o", "jsonpath={.spec.nodeName}")).toBe("moon-w1");
  }, 90_000);

  it("stop() kills every program and removes its work dir", async () => {
    const dir = cp.workDir;
    const before = programPids(dir);
    expect(before.length).toBeGreaterThanOrEqual(5);
    await cp.stop();
    expect(programPids(dir)).toEqual([]);
    expect(processesOf(before)).toEqual([]);
    expect(existsSync(dir)).toBe(false);
  }, 60_000);

  it("Ctrl-C on the process that started it leaves no program running", async () => {
    const child = spawn(process.execPath, [join(import.meta.dirname, "start-and-wait.ts")], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const dir = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        const m = /^ready (\S+)$/m.exec(out);
        if (m?.[1]) resolve(m[1]);
      });
      child.once("exit", (c) => reject(new Error(`start-and-wait exited ${c} before ready: ${out}`)));
    });
    expect(programPids(dir).length).toBeGreaterThanOrEqual(5);
    const exited = new Promise<number | null>((r) => child.once("exit", (c) => r(c)));
    child.kill("SIGINT");
    expect(await exited).toBe(130);
    await new Promise((r) => setTimeout(r, 500));
    expect(programPids(dir)).toEqual([]);
  }, 180_000);
});
