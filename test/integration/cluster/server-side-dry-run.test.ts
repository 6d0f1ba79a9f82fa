// Item 5 of issue 12: every object of every Flux Kustomization path of the rendered tree, for the moon, home and
// local examples, is accepted by a real kube-apiserver (server-side apply, dryRun=All) with the upstream CRDs
// installed from pinned module contents: structural schemas with unknown fields rejected, defaulting, CEL rules.
// What no CRD can serve here (CozyStack's aggregated apps.cozystack.io) is listed by name, never counted as valid;
// and a misspelt field is rejected, so this test can fail.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { parseAllDocuments, stringify } from "yaml";
import { type ControlPlane, startControlPlane } from "../../../src/rehearse/cluster/control-plane.ts";
import { installUpstreamCrds } from "../../../src/rehearse/cluster/crds.ts";
import { dryRunTree } from "../../../src/rehearse/cluster/dry-run.ts";
import { createFleetRepo } from "../../../src/rehearse/cluster/fleet-repo.ts";
import { kubectlFor } from "../../../src/rehearse/cluster/kubectl.ts";
import { CONTROL_PLANE_PROGRAMS, INSTALL_HOW } from "../../../src/rehearse/cluster/tools.ts";
import { gitopsLayout } from "../../../src/render/gitops/layout.ts";
import { exampleObject, planOf } from "../../support/lab.ts";
import { describeWithTools } from "../../support/tools.ts";

const TOOLS = [...CONTROL_PLANE_PROGRAMS, "kustomize", "git"].map((name) => ({ name, how: INSTALL_HOW }));
const tmp = mkdtempSync(join(tmpdir(), "moonlab-dry-run-"));

describeWithTools(TOOLS, "server-side dry-run of every rendered object against a real API server", () => {
  let cp: ControlPlane;
  beforeAll(async () => {
    cp = await startControlPlane();
    await installUpstreamCrds(kubectlFor(cp.kubeconfigPath));
  }, 300_000);
  afterAll(async () => {
    await cp?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  for (const example of ["moon", "home", "local"])
    it(`${example}: every object of every Kustomization path is accepted`, async () => {
      const plan = planOf(exampleObject(example));
      const repo = createFleetRepo(plan, join(tmp, example), "http://127.0.0.1:1/fleet.git");
      const r = await dryRunTree(repo.plan, repo.workTree, cp.kubeconfigPath);
      const l = gitopsLayout(plan);
      expect(r.objects.filter((o) => o.verdict === "rejected")).toEqual([]);
      // Every local stage's path and the flux/ path were built, and none was empty.
      for (const dir of ["flux", "infrastructure", "apps", "tenants", "guest", "harvey-sync", "harvey"])
        expect(r.paths.map((p) => p.path)).toContain(`${l.repoPath}/${dir}`);
      for (const p of r.paths) expect(p.objects, p.path).toBeGreaterThan(0);
      // Only CozyStack's aggregated API is out of reach, and it is named.
      expect(new Set(r.objects.filter((o) => o.verdict === "not-served-here").map((o) => o.ref.split(" ")[0]))).toEqual(
        new Set(["apps.cozystack.io/v1alpha1"]),
      );
      expect(r.objects.filter((o) => o.verdict === "accepted").length).toBeGreaterThan(10);
    }, 180_000);

  it("keeps the Moonlander Deployment's image volume (the API server runs with ImageVolume on, as the lab's does)", async () => {
    const plan = planOf(exampleObject("moon"));
    const repo = createFleetRepo(plan, join(tmp, "moonlander"), "http://127.0.0.1:1/fleet.git");
    const file = join(repo.workTree, gitopsLayout(plan).repoPath, "infrastructure", "moonlander.yaml");
    const docs = parseAllDocuments(readFileSync(file, "utf8")).map((d) => d.toJS() as Record<string, unknown>);
    const deployment = docs.find((d) => d.kind === "Deployment");
    const one = join(tmp, "moonlander-deployment.yaml");
    writeFileSync(one, stringify(deployment));
    const kubectl = kubectlFor(cp.kubeconfigPath);
    // The dry run of a namespaced object needs its namespace; a tree's dry run creates namespaces the same way.
    await kubectl(["create", "namespace", "moonlander-system"]).catch(() => "");
    const out = JSON.parse(
      await kubectl([
        "apply",
        "--server-side",
        "--field-manager=moonlab-test",
        "--dry-run=server",
        "-o",
        "json",
        "-f",
        one,
      ]),
    ) as Record<string, unknown>;
    const served = out as {
      spec: {
        template: { spec: { volumes: { image?: { reference: string } }[]; containers: { command: string[] }[] } };
      };
    };
    // What the API server stored (dry run) still mounts the controller image: a disabled gate would have dropped it.
    expect(served.spec.template.spec.volumes[0]?.image?.reference).toBe(
      `${plan.bastion.address}:5000/moonlab/moonlander:0.1.0`,
    );
    expect(served.spec.template.spec.containers[0]?.command).toEqual(["node", "/opt/moonlander/moonlander.mjs"]);
  }, 120_000);

  it("rejects a misspelt field in a custom resource (the CRD's structural schema is enforced)", async () => {
    const plan = planOf(exampleObject("moon"));
    const repo = createFleetRepo(plan, join(tmp, "broken"), "http://127.0.0.1:1/fleet.git");
    const file = join(repo.workTree, gitopsLayout(plan).repoPath, "apps", "hello-spin.yaml");
    const docs = parseAllDocuments(readFileSync(file, "utf8")).map((d) => d.toJS() as Record<string, unknown>);
    const app = docs.find((d) => d.kind === "SpinApp") as { spec: Record<string, unknown> };
    app.spec.replicaz = 2;
    writeFileSync(file, docs.map((d) => stringify(d)).join("---\n"));
    const r = await dryRunTree(repo.plan, repo.workTree, cp.kubeconfigPath);
    const rejected = r.objects.filter((o) => o.verdict === "rejected");
    expect(rejected.map((o) => o.ref)).toEqual(["core.spinkube.dev/v1alpha1 SpinApp demo/hello-spin"]);
    expect(rejected[0]?.message).toMatch(/replicaz/);
  }, 180_000);
});
