// Talos's own loader and validator (tools/talos-validate, pkg/machinery pinned to the matrix's Talos) accepts every
// rendered machine config in metal mode, strictly (warnings are errors), and rejects a broken one.
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { COZYSTACK_RELEASES } from "../../../src/versions/matrix.ts";
import { describeWithTools, ROOT, requireTool } from "../../support/tools.ts";
import { LABS, renderToDir } from "./labs.ts";

interface Line {
  file: string;
  ok: boolean;
  machineType?: string;
  documents?: string[];
  warnings: string[];
  error?: string;
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const parse = (out: string): Line[] =>
  out
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Line);

it("tools/talos-validate is pinned to the Talos release the CozyStack of the matrix pins", () => {
  const gomod = readFileSync(join(ROOT, "tools/talos-validate/go.mod"), "utf8");
  const pinned = /github.com\/siderolabs\/talos\/pkg\/machinery (v\S+)/.exec(gomod)?.[1];
  const v1 = COZYSTACK_RELEASES.find((c) => c.line === "v1");
  expect(pinned).toBe(v1?.pinnedTalos);
});

describeWithTools(
  [{ name: "talos-validate", how: "run scripts/install-test-tools.sh (scripts/test-tools/32-talos-validate.sh)" }],
  "Talos's validator (metal mode, strict)",
  () => {
    it.each(LABS)("accepts every machine config of %s", async (name, plan) => {
      const { dir, configs } = await renderToDir(name, plan);
      dirs.push(dir);
      expect(configs).toHaveLength(plan.nodes.length);
      const out = execFileSync(requireTool("talos-validate"), ["-strict", ...configs], { encoding: "utf8" });
      const lines = parse(out);
      expect(lines).toHaveLength(configs.length);
      for (const l of lines) {
        expect(l.ok, `${l.file}: ${l.error ?? ""}`).toBe(true);
        expect(l.warnings).toEqual([]);
        const node = plan.nodes.find((n) => l.file.endsWith(`${n.name}.yaml`));
        expect(l.machineType).toBe(node?.role);
        const ts = l.documents?.includes("ExtensionServiceConfig");
        expect(ts, `${l.file} tailscale`).toBe(node?.group === "gateway");
        // AWS with bastion.nat: the IPv4 default route via the bastion (LinkAliasConfig + DHCPv4Config + LinkConfig)
        if (plan.talos.minor === "v1.13" && plan.bastion.nat) expect(l.documents).toContain("LinkConfig");
        if (plan.talos.minor === "v1.13") expect(l.documents).toContain("RegistryMirrorConfig");
        // v1.11 keeps registries, time and hostname in v1alpha1 (machinery v1.13 still parses them).
        else expect(l.documents?.filter((d) => d !== "ExtensionServiceConfig")).toEqual(["v1alpha1"]);
      }
    });

    it("rejects a config without an install disk or with a blank endpoint (the validator can fail)", async () => {
      const [name, plan] = LABS[0] ?? [];
      if (!name || !plan) throw new Error("no lab");
      const { dir, configs } = await renderToDir(`${name}-broken`, plan);
      dirs.push(dir);
      const src = readFileSync(configs[0] ?? "", "utf8");
      const noDisk = join(dir, "no-disk.yaml");
      writeFileSync(noDisk, src.replace(/disk: \/dev\/\S+/, 'disk: ""'));
      const badEndpoint = join(dir, "bad-endpoint.yaml");
      writeFileSync(badEndpoint, src.replace(/endpoint: https:\/\/\S+/, "endpoint: https://:6443"));
      const r = spawnSync(requireTool("talos-validate"), [noDisk, badEndpoint], { encoding: "utf8" });
      expect(r.status).toBe(1);
      const [a, b] = parse(r.stdout);
      expect(a?.ok).toBe(false);
      expect(a?.error).toMatch(/install disk or diskSelector/);
      expect(b?.ok).toBe(false);
      expect(b?.error).toMatch(/endpoint/);
    });
  },
);
