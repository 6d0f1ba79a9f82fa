// Conformance with Talos's own generator: for every node of every test lab, tools/talos-conformance (Talos's
// pkg/machinery generate + configpatcher, pinned to the matrix's Talos) writes the config `talosctl gen config
// --with-secrets` would, from the same secrets bundle, cluster name, endpoint, Talos version, install disk and
// image, plus the documented CozyStack patches. A structural diff against moonlab's config must contain only the
// differences listed, with reasons, in conformance/allowed-differences.ts. This is the test that would have caught
// KubePrism being off (Talos turns it on by default; CozyStack's `talos` variant points Cilium at localhost:7445).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Plan, PlanNode } from "../../../src/plan/types.ts";
import { machineConfigYaml } from "../../../src/render/talos/machine-config.ts";
import { schematicFor } from "../../../src/render/talos/schematic.ts";
import { bundleToYaml } from "../../../src/secrets/bundle-yaml.ts";
import type { LabSecrets } from "../../../src/secrets/types.ts";
import { COZYSTACK_RELEASES } from "../../../src/versions/matrix.ts";
import { fixtureSecrets } from "../../fakes/secrets.ts";
import { describeWithTools, ROOT, requireTool } from "../../support/tools.ts";
import { allowedFor, type LabFacts } from "./conformance/allowed.ts";
import { ALLOWED_DIFFERENCES, type AllowedDifference } from "./conformance/allowed-differences.ts";
import { cozystackControlPlanePatch, cozystackPatch } from "./conformance/cozystack-patch.ts";
import { type Difference, structuralDiff } from "./conformance/structural-diff.ts";
import { LABS } from "./labs.ts";

const dir = mkdtempSync(join(tmpdir(), "moonlab-talos-conformance-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("tools/talos-conformance is pinned to the Talos release the matrix's CozyStack pins", () => {
  const gomod = readFileSync(join(ROOT, "tools/talos-conformance/go.mod"), "utf8");
  const pinned = /github.com\/siderolabs\/talos\/pkg\/machinery (v\S+)/.exec(gomod)?.[1];
  expect(pinned).toBe(COZYSTACK_RELEASES.find((c) => c.line === "v1")?.pinnedTalos);
});

const facts = (plan: Plan): LabFacts => ({ minor: plan.talos.minor, target: plan.target, nat: plan.bastion.nat });

/** What Talos's generator writes for this node: same bundle, inputs and the CozyStack patches. */
function talosGenerated(name: string, plan: Plan, node: PlanNode, secrets: LabSecrets): string {
  const bundle = secrets.talos?.bundle;
  if (!bundle) throw new Error("fixture has no Talos bundle");
  const secretsFile = join(dir, `${name}-secrets.yaml`);
  writeFileSync(secretsFile, bundleToYaml(bundle));
  const inputs = {
    subnet: plan.network.subnet,
    podCidr: plan.kubernetes.podCidr,
    serviceCidr: plan.kubernetes.serviceCidr,
  };
  const all = join(dir, `${name}-patch.yaml`);
  writeFileSync(all, cozystackPatch(inputs));
  const cp = join(dir, `${name}-patch-controlplane.yaml`);
  writeFileSync(cp, cozystackControlPlanePatch(inputs));
  const args = [
    ...["-secrets", secretsFile, "-cluster-name", plan.talos.clusterName, "-endpoint", plan.talos.endpoint],
    ...["-talos-version", plan.talos.version, "-type", node.role, "-install-disk", node.installDisk],
    ...["-install-image", schematicFor(plan, node.group).urls.installer, "-patch", all],
    ...(node.role === "controlplane" ? ["-patch", cp] : []),
  ];
  return execFileSync(requireTool("talos-conformance"), args, { encoding: "utf8" });
}

const unlisted = (diffs: readonly Difference[], lab: LabFacts): string[] =>
  diffs
    .filter((d) => !allowedFor(d, lab, ALLOWED_DIFFERENCES))
    .map((d) => `${d.kind} ${d.path}: ours ${JSON.stringify(d.ours)} talos ${JSON.stringify(d.talos)}`);

describeWithTools(
  [
    {
      name: "talos-conformance",
      how: "run scripts/install-test-tools.sh (scripts/test-tools/35-talos-conformance.sh)",
    },
  ],
  "conformance with Talos's own config generator",
  () => {
    const used = new Set<AllowedDifference>();

    describe.each(LABS)("%s", (name, plan) => {
      it.each(plan.nodes.map((n) => [n.name, n] as const))("%s differs only as listed", async (_n, node) => {
        const secrets = await fixtureSecrets();
        const ours = machineConfigYaml(plan, node, secrets);
        const diffs = structuralDiff(ours, talosGenerated(name, plan, node, secrets));
        for (const d of diffs) {
          const a = allowedFor(d, facts(plan), ALLOWED_DIFFERENCES);
          if (a) used.add(a);
        }
        expect(unlisted(diffs, facts(plan))).toEqual([]);
      });
    });

    it("every allowed difference still occurs somewhere (no stale reasons)", () => {
      expect(ALLOWED_DIFFERENCES.filter((a) => !used.has(a)).map((a) => `${a.kind} ${a.path}`)).toEqual([]);
    });

    it("fails on a config without KubePrism (the diff can fail)", async () => {
      const [name, plan] = LABS[0] ?? [];
      if (!name || !plan) throw new Error("no lab");
      const node = plan.nodes[0];
      if (!node) throw new Error("no node");
      const secrets = await fixtureSecrets();
      const talos = talosGenerated(`${name}-broken`, plan, node, secrets);
      const ours = machineConfigYaml(plan, node, secrets).replace(/\n {4}kubePrism:\n( {6}.*\n)+/, "\n");
      expect(ours).not.toContain("kubePrism");
      expect(unlisted(structuralDiff(ours, talos), facts(plan))).toEqual([
        expect.stringMatching(/^only-talos v1alpha1:machine\.features\.kubePrism: /),
      ]);
    });
  },
);
