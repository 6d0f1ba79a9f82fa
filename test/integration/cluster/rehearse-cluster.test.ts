// Items 2 and 4 of issue 12, end to end with the real programs: `moonlab rehearse cluster` for the moon and home
// examples (control plane, kwok nodes named and labelled as the plan's, upstream CRDs, the tree served over git
// smart HTTP on loopback, server-side dry-run, real Flux source- and kustomize-controller, and the Moonlander round
// trip: the real controller as the tree's ServiceAccount against a second API server standing in for the guest; for
// home, MetalLB's real controller giving a Service shaped as the tree's an address from the tree's pool),
// then `moonlab test --live --kubeconfig <the rehearsal>` running T05, T07, T10, T11 and T12 against it. Last, a tree
// with one permission taken from Moonlander's ClusterRole: the rehearsal fails on the round trip, naming it.
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { runMoonlander } from "../../../src/app/moonlander-run.ts";
import type { Result } from "../../../src/checks/result.ts";
import type { TreeEdit } from "../../../src/rehearse/cluster/fleet-repo.ts";
import { type ClusterRehearsal, startClusterRehearsal } from "../../../src/rehearse/cluster/rehearse-cluster.ts";
import { renderClusterRehearsal } from "../../../src/rehearse/cluster/report.ts";
import {
  CONTROL_PLANE_PROGRAMS,
  FLUX_PROGRAMS,
  INSTALL_HOW,
  METALLB_PROGRAMS,
} from "../../../src/rehearse/cluster/tools.ts";
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

/** home's tree renders a MetalLB pool, so its rehearsal runs MetalLB's controller; moon's (AWS) has none. */
const toolsFor = (example: "moon" | "home") =>
  example === "home" ? [...TOOLS, ...METALLB_PROGRAMS.map((name) => ({ name, how: INSTALL_HOW }))] : TOOLS;

for (const example of ["moon", "home"] as const)
  describeWithTools(toolsFor(example), `cluster rehearsal of the ${example} example`, () => {
    let r: ClusterRehearsal;
    const workDir = join(tmp, example);
    beforeAll(async () => {
      r = await startClusterRehearsal(planOf(exampleObject(example)), {
        moonlander: runMoonlander,
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

    it("Moonlander lands, follows and unlands with the tree's RBAC, each leg timed", () => {
      const m = r.report.moonlander;
      expect(m.legs.map((l) => [l.name, l.ok])).toEqual([
        ["applied", true],
        ["watching", true],
        ["landed", true],
        ["followed", true],
        ["unlanded", true],
        ["stopped", true],
      ]);
      expect(m.identity).toBe("system:serviceaccount:moonlander-system:moonlander");
      // The ClusterRole, the ServiceAccount and the source Role came from kustomize-controller, not the rehearsal.
      const applied = m.legs[0]?.evidence.join("\n") ?? "";
      expect(applied).toMatch(/ClusterRole moonlander \(Kustomization cozy-fluxcd\/moonlab-infrastructure\)/);
      expect(applied).toMatch(/ServiceAccount moonlander-system\/moonlander \(Kustomization/);
      expect(applied).toMatch(/CustomResourceDefinition landings.moons.urmanac.com \(Kustomization/);
      for (const l of m.legs.slice(2)) expect(l.ms).toBeGreaterThan(0);
      expect(r.report.notHere.map((n) => n.kind)).not.toContain("Landing");
      expect(renderClusterRehearsal(r.report)).toMatch(/ok landed \(\d+\.\d s\)/);
    });

    it(
      example === "home"
        ? "MetalLB's controller gives a Service shaped as the tree's an address from the tree's pool"
        : "MetalLB is not applicable: the AWS tree renders no pool",
      () => {
        const m = r.report.metallb;
        const text = renderClusterRehearsal(r.report);
        if (example === "moon") {
          expect(m.applicable).toBe(false);
          expect(m.reason).toMatch(/no IPAddressPool \(target aws: MetalLB L2 cannot work in a VPC/);
          expect(text).toMatch(/MetalLB: not applicable: /);
          return;
        }
        expect(m.legs.map((l) => [l.name, l.ok])).toEqual([
          ["applied", true],
          ["allocated", true],
        ]);
        // The pool came from kustomize-controller (the infrastructure stage), not from the rehearsal.
        expect(m.legs[0]?.evidence.join("\n")).toMatch(
          /IPAddressPool cozy-metallb\/moonlab \(Kustomization cozy-fluxcd\/moonlab-infrastructure\)/,
        );
        expect(m.address).toBe(planOf(exampleObject("home")).network.loadBalancerPool?.start);
        expect(m.legs[1]?.evidence.join("\n")).toMatch(/inside the plan's pool 10\.17\.13\.200-10\.17\.13\.219/);
        expect(m.standIns.join()).toMatch(/Pod cozy-metallb\/metallb-controller-stand-in/);
        expect(r.report.notHere.map((n) => n.kind)).not.toContain("IPAddressPool");
        expect(text).toMatch(/ok allocated \((\d+ ms|\d+\.\d s)\): LoadBalancer Service gets an address from the pool/);
      },
    );

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
        // It reads the demo Service, whose stage waits on spin-operator's HelmRelease (MetalLB's controller runs).
        ["t10/load-balancer-for-target", "helm-controller"],
        ["t11/guest-cluster-declared", "cozystack-api"],
        ["t12/landing-wires-harvey", "cozystack-api"],
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

/** The tree with `patch` taken from the Landing rule of Moonlander's ClusterRole (the finalizer needs it). */
const withoutLandingPatch: TreeEdit = (path, objects) =>
  path !== "gitops/infrastructure/moonlander.yaml"
    ? undefined
    : objects.map((o) => {
        if (o.kind !== "ClusterRole") return o;
        const rules = o.rules as { resources: string[]; verbs: string[] }[];
        return {
          ...o,
          rules: rules.map((rule) =>
            rule.resources.includes("landings") ? { ...rule, verbs: rule.verbs.filter((v) => v !== "patch") } : rule,
          ),
        };
      });

describeWithTools(TOOLS, "cluster rehearsal of a tree whose Moonlander RBAC lacks a permission", () => {
  let r: ClusterRehearsal;
  beforeAll(async () => {
    r = await startClusterRehearsal(planOf(exampleObject("moon")), {
      moonlander: runMoonlander,
      workDir: join(tmp, "no-patch"),
      editTree: withoutLandingPatch,
      log: (l) => process.stderr.write(`[no-patch] ${l}\n`),
    });
    process.stderr.write(renderClusterRehearsal(r.report));
  }, 600_000);
  afterAll(async () => {
    await r?.stop();
  });

  it("fails on the landed leg, naming the forbidden verb and resource, and still stops the controller", () => {
    const legs = r.report.moonlander.legs;
    const landed = legs.find((l) => l.name === "landed");
    expect(landed?.ok).toBe(false);
    expect(landed?.evidence.join("\n")).toMatch(/cannot patch resource "landings"/);
    expect(legs.map((l) => l.name)).toEqual(["applied", "watching", "landed", "stopped"]);
    expect(legs.find((l) => l.name === "stopped")?.ok).toBe(true);
    expect(r.report.moonlander.ok).toBe(false);
    expect(r.report.ok).toBe(false);
    const text = renderClusterRehearsal(r.report);
    expect(text).toMatch(/FAILED landed/);
    expect(text).toMatch(/not run after the failure: followed, unlanded/);
    expect(text).toMatch(/^FAIL/m);
  });
});
