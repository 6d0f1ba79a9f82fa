// arm64, as far as Debian's packages allow (src/rehearse/arm64.ts): the local example switched to arch arm64, its
// bundle brought up in a namespace, and two qemu-system-aarch64 VMs (virt, cortex-a72, TCG) booted directly from the
// arm64 profile's asset files with the profile's kernel args. Each must get its static lease from the rendered
// dnsmasq, fetch its own machine config from matchbox and pull through every cache. No iPXE leg (docs/rehearse.md).
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { buildPlan } from "../../../src/plan/build-plan.ts";
import type { LoadedLab } from "../../../src/plan/load-lab.ts";
import { rehearseArm64Direct } from "../../../src/rehearse/arm64.ts";
import { netnsExists } from "../../../src/rehearse/netns.ts";
import { profileOf } from "../../../src/render/bastion/matchbox.ts";
import { validateYaml } from "../../../src/spec/validate.ts";
import { describeWithTools, isRoot, ROOT } from "../../support/tools.ts";

const ARM64 = join(ROOT, ".tools/boot-payload/arm64");
const how = "scripts/install-test-tools.sh";

function arm64Lab(): LoadedLab {
  const spec = parse(readFileSync(join(ROOT, "examples/local.lab.yaml"), "utf8")) as {
    arch: string;
    acknowledgements?: { id: string; reason: string }[];
  };
  spec.arch = "arm64";
  spec.acknowledgements = [
    ...(spec.acknowledgements ?? []),
    { id: "cozystack.arm64-experimental", reason: "a boot-chain rehearsal only; it never installs CozyStack" },
  ];
  const v = validateYaml(stringify(spec), "local-arm64.lab.yaml");
  if (!v.ok) throw new Error(`arm64 variant of the local example is invalid: ${JSON.stringify(v.issues)}`);
  return { source: "local-arm64", specDir: tmpdir(), spec: v.spec, plan: buildPlan(v.spec), warnings: v.issues };
}

describeWithTools(
  [
    { name: "ip", how: `${how}, run as root`, probe: isRoot },
    { name: "dnsmasq", how },
    { name: "matchbox", how: `${how} (31-matchbox.sh)` },
    { name: "docker-registry", how },
    {
      name: "qemu-system-aarch64",
      how: `${how} (10-debian.sh: qemu-system-arm; 40-boot-payload.sh: Debian's arm64 cloud kernel + busybox)`,
      probe: () => existsSync(join(ARM64, "vmlinuz")) && existsSync(join(ARM64, "busybox")),
    },
  ],
  "moonlab rehearse, arm64 by direct kernel boot",
  () => {
    it("two arm64 VMs get their static leases, their own machine configs and pull through every cache", async () => {
      const lab = arm64Lab();
      const workDir = mkdtempSync(join(tmpdir(), "moonlab-rehearse-arm64-"));
      try {
        const r = await rehearseArm64Direct(lab, {}, { workDir, bootTimeoutMs: 200_000 });
        for (const n of r.nodes) expect(n.problems, n.name).toEqual([]);
        expect(r.nodes).toHaveLength(lab.plan.nodes.length);
        for (const n of r.nodes) {
          const planNode = lab.plan.nodes.find((x) => x.name === n.name);
          if (!planNode) throw new Error(n.name);
          expect(n.report?.mac).toBe(planNode.mac);
          expect(n.report?.ip).toBe(planNode.address);
          expect(n.report?.cmdline).toBe(profileOf(lab.plan, planNode).boot.args.join(" "));
          expect(n.report?.cmdline).toContain("console=ttyAMA0");
        }
        expect(new Set(r.nodes.map((n) => n.report?.configSha256)).size).toBe(r.nodes.length);
        expect(readFileSync(join(workDir, `${r.nodes[0]?.name}.console.log`), "utf8")).toMatch(/aarch64|ARM64|arm64/i);
        expect(await netnsExists(r.netns)).toBe(false);
      } finally {
        rmSync(workDir, { recursive: true, force: true });
      }
    }, 330_000);
  },
);
