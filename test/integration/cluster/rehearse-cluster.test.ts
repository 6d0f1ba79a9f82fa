// Items 2 and 4 of issue 12, end to end with the real programs: `moonlab rehearse cluster` for the moon and home
// examples (control plane, kwok nodes named and labelled as the plan's, upstream CRDs, the tree served over git
// smart HTTP on loopback, server-side dry-run, real Flux source- and kustomize-controller), then
// `moonlab test --live --kubeconfig <the rehearsal>` running T05, T07, T10, T11 and T12 against it.
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Result } from "../../../src/checks/result.ts";
import { type ClusterRehearsal, startClusterRehearsal } from "../../../src/rehearse/cluster/rehearse-cluster.ts";
import { renderClusterRehearsal } from "../../../src/rehearse/cluster/report.ts";
import { CONTROL_PLANE_PROGRAMS, FLUX_PROGRAMS, INSTALL_HOW } from "../../../src/rehearse/cluster/tools.ts";
import { exampleObject, planOf } from "../../support/lab.ts";
import { describeWithTools, ROOT } from "../../support/tools.ts";

const TOOLS = [...CONTROL_PLANE_PROGRAMS, ...FLUX_PROGRAMS, "kustomize", "git"].map((name) => ({
  name,
  how: INSTALL_HOW,
}));
const tmp = mkdtempSync(join(tmpdir(), "moonlab-rehearse-cluster-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Process ids whose command line mentions `dir` (the rehearsal's programs all take paths inside it). */
function processesUnder(dir: string): number[] {
  return readdirSync("/proc")
    .filter((e) => /^\d+$/.test(e))
    .filter((e) => {
      try {
        return readFileSync(join("/proc", e, "cmdline"), "utf8").includes(dir);
      } catch {
        return false;
      }
    })
    .map(Number);
}

for (const example of ["moon", "home"] as const)
  describeWithTools(TOOLS, `cluster rehearsal of the ${example} example`, () => {
    let r: ClusterRehearsal;
    const workDir = join(tmp, example);
    beforeAll(async () => {
      r = await startClusterRehearsal(planOf(exampleObject(example)), {
        workDir,
        log: (l) => process.stderr.write(`[${example}] ${l}\n`),
      });
      process.stderr.write(renderClusterRehearsal(r.report));
    }, 600_000);
    afterAll(async () => {
      await r?.stop();
    });

    it("runs kwok nodes with the plan's names and labels, validates every object, and Flux fetches and applies the tree", () => {
      const plan = planOf(exampleObject(example));
      expect(r.report.nodes.map((n) => n.name).sort()).toEqual(plan.nodes.map((n) => n.hostname).sort());
      expect(r.report.nodes.some((n) => n.labels?.["moonlab.dev/extension-spin"] === "true")).toBe(true);
      expect(r.report.dryRun.objects.filter((o) => o.verdict === "rejected")).toEqual([]);
      const sync = r.report.sources.find((s) => s.ref === "GitRepository cozy-fluxcd/cozy-fluxcd");
      expect(sync?.ready).toBe("True");
      const root = r.report.kustomizations.find((k) => k.ref === "Kustomization cozy-fluxcd/cozy-fluxcd");
      expect(root?.ready).toBe("True");
      // The spin-operator CRDs come from the loopback mirror: that stage reconciles for real.
      const crds = r.report.kustomizations.find((k) => k.ref === "Kustomization cozy-fluxcd/moonlab-crds");
      expect(crds?.ready).toBe("True");
      // Every stage has a status computed by kustomize-controller (Ready True, False or Unknown with its reason).
      for (const k of r.report.kustomizations) expect(k.ready).toMatch(/^(True|False|Unknown)$/);
      expect(r.report.notHere.map((n) => n.kind)).toContain("HelmRelease");
      expect(r.report.ok).toBe(true);
      expect(r.report.timings.controlPlaneReadyMs).toBeGreaterThan(0);
    });

    it("moonlab test --live --kubeconfig runs T05, T07, T10, T11 and T12 against it", async () => {
      const env = {
        ...process.env,
        MOONLAB_SECRETS_DIR: join(tmp, `${example}-secrets`),
        MOONLAB_AGE_IDENTITY: join(tmp, `${example}.age`),
      };
      const run = await promisify(execFile)(
        process.execPath,
        [
          join(ROOT, "bin/moonlab.mjs"),
          "test",
          "--live",
          "--spec",
          join(ROOT, "examples", `${example}.lab.yaml`),
          "--kubeconfig",
          r.kubeconfigPath,
          "--json",
        ],
        { cwd: tmp, env, timeout: 300_000, maxBuffer: 32 * 1024 * 1024 },
      ).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? "" }));
      const results = (JSON.parse(run.stdout) as { results: Result[] }).results.filter((x) => x.mode === "live");
      const byId = new Map(results.map((x) => [x.id, x]));
      // Real passes against the real API server and the real Flux controllers.
      expect(byId.get("t07/flux-sync-from-plan")?.status).toBe("pass");
      expect(byId.get("t05/spin-runtime-class")?.status).toBe("pass");
      // Not applicable, naming the component the rehearsal does not run.
      for (const [id, component] of [
        ["t05/cozystack-controllers-running", "cozystack-operator"],
        ["t05/kubevirt-running", "kubevirt"],
        ["t07/flux-objects-ready", "helm-controller"],
        ["t11/guest-cluster-declared", "cozystack-api"],
        ["t12/landing-wires-harvey", "moonlander"],
      ] as const) {
        expect(byId.get(id)?.status, id).toBe("not-applicable");
        expect(byId.get(id)?.reason, id).toContain(component);
      }
      for (const t of ["T05", "T07", "T10", "T11", "T12"])
        expect(
          results.some((x) => x.test === t),
          t,
        ).toBe(true);
      // Nothing live against this cluster errored or failed.
      const bad = results.filter((x) => ["t05", "t07", "t10", "t11", "t12"].includes(x.id.slice(0, 3)));
      expect(
        bad.filter((x) => x.status === "fail" || x.status === "error").map((x) => `${x.id}: ${x.evidence}`),
      ).toEqual([]);
    }, 300_000);

    it("stop() leaves nothing running", async () => {
      await r.stop();
      expect(processesUnder(workDir)).toEqual([]);
    }, 60_000);
  });
