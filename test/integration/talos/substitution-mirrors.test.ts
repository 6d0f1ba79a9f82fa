// An image substitution reaches the nodes through Talos registry mirrors: the substituted upstream's
// RegistryMirrorConfig lists the lab registry's prefix first (overridePath) and the cache second, and Talos's own
// loader and validator (tools/talos-validate, strict) accepts those documents.
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { patched, planOf } from "../../support/lab.ts";
import { describeWithTools, requireTool } from "../../support/tools.ts";
import { renderToDir } from "./labs.ts";

const plan = planOf(
  patched("moon", {
    images: {
      substitutions: [
        { image: "quay.io/kubevirt/cdi-operator:v1.61.0", replacement: "docker.io/me/cdi-operator:v1.61.0-arm64" },
        { image: "nvcr.io/nvidia/k8s-device-plugin:v0.19.0", replacement: "docker.io/me/k8s-device-plugin:v0.19.0" },
      ],
    },
  }),
);

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const mirrorsOf = (file: string) =>
  parseAllDocuments(readFileSync(file, "utf8"))
    .map((d) => d.toJS() as { kind?: string; name?: string; endpoints?: { url: string; overridePath?: boolean }[] })
    .filter((d) => d.kind === "RegistryMirrorConfig");

it("renders the lab registry's prefix before the cache for a substituted upstream, and the lab registry alone for an uncached one", async () => {
  const { dir, configs } = await renderToDir("moon-substituted", plan);
  dirs.push(dir);
  for (const file of configs) {
    const m = mirrorsOf(file);
    expect(m.find((d) => d.name === "quay.io")?.endpoints).toEqual([
      { url: "http://10.10.0.100:5000/v2/quay.io", overridePath: true },
      { url: "http://10.10.0.100:5052" },
    ]);
    expect(m.find((d) => d.name === "nvcr.io")?.endpoints).toEqual([
      { url: "http://10.10.0.100:5000/v2/nvcr.io", overridePath: true },
    ]);
    // Upstreams without substitutes keep their cache alone.
    expect(m.find((d) => d.name === "ghcr.io")?.endpoints).toEqual([{ url: "http://10.10.0.100:5054" }]);
  }
});

describeWithTools(
  [{ name: "talos-validate", how: "run scripts/install-test-tools.sh (scripts/test-tools/32-talos-validate.sh)" }],
  "Talos's validator accepts the substitution mirrors",
  () => {
    it("loads and validates every machine config with the mirrors (metal, strict)", async () => {
      const { dir, configs } = await renderToDir("moon-substituted-v", plan);
      dirs.push(dir);
      const out = execFileSync(requireTool("talos-validate"), ["-strict", ...configs], { encoding: "utf8" });
      const lines = out
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as { ok: boolean; warnings: string[]; error?: string; documents?: string[] });
      expect(lines).toHaveLength(configs.length);
      for (const l of lines) {
        expect(l.ok, l.error).toBe(true);
        expect(l.warnings).toEqual([]);
        expect(l.documents).toContain("RegistryMirrorConfig");
      }
    });

    it("rejects a substitution mirror whose lab endpoint is not a URL (the validator reads the endpoints)", async () => {
      const { dir, configs } = await renderToDir("moon-substituted-bad", plan);
      dirs.push(dir);
      const bad = join(dir, "bad.yaml");
      writeFileSync(
        bad,
        readFileSync(configs[0] ?? "", "utf8").replace("http://10.10.0.100:5000/v2/quay.io", "lab/quay.io"),
      );
      const r = spawnSync(requireTool("talos-validate"), ["-strict", bad], { encoding: "utf8" });
      expect(r.status).toBe(1);
      expect(JSON.parse(r.stdout.trim()).error).toMatch(/RegistryMirrorConfig\/quay.io: endpoints\[0\]/);
    });
  },
);
