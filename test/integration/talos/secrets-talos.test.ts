// The bundle moonlab writes is a bundle Talos's own code accepts: tools/talos-validate -secrets loads it with
// machinery's secrets.LoadBundle (the `talosctl gen secrets` format), validates it, signs an admin client with its
// os CA, and generates + validates a control-plane config from it (what `talosctl gen config --with-secrets` does).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { bundleToYaml } from "../../../src/secrets/bundle-yaml.ts";
import { chainProblems } from "../../../src/secrets/inspect.ts";
import { fixtureTalosSecrets } from "../../fakes/secrets.ts";
import { describeWithTools, requireTool } from "../../support/tools.ts";

const dir = mkdtempSync(join(tmpdir(), "moonlab-talos-secrets-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface SecretsLine {
  ok: boolean;
  clusterId?: string;
  bootstrapToken?: string;
  trustdToken?: string;
  osCaCrt?: string;
  generatedOsCaCrt?: string;
  adminCrt?: string;
  error?: string;
}

function check(yaml: string, name: string): { status: number | null; line: SecretsLine } {
  const file = join(dir, name);
  writeFileSync(file, yaml);
  const r = spawnSync(requireTool("talos-validate"), ["-secrets", file], { encoding: "utf8" });
  return { status: r.status, line: JSON.parse(r.stdout) as SecretsLine };
}

describeWithTools(
  [{ name: "talos-validate", how: "run scripts/install-test-tools.sh (scripts/test-tools/32-talos-validate.sh)" }],
  "the secrets bundle through Talos's own loader",
  () => {
    it("loads, validates, signs with the os CA and generates a valid config", async () => {
      const { bundle } = await fixtureTalosSecrets();
      const { status, line } = check(bundleToYaml(bundle), "bundle.yaml");
      expect(line.error).toBeUndefined();
      expect(status).toBe(0);
      expect(line.ok).toBe(true);
      expect(line.clusterId).toBe(bundle.cluster.id);
      expect(line.bootstrapToken).toBe(bundle.secrets.bootstrapToken);
      expect(line.trustdToken).toBe(bundle.trustdInfo.token);
      expect(line.osCaCrt).toBe(bundle.certs.os.crt);
      expect(line.generatedOsCaCrt).toBe(bundle.certs.os.crt);
      expect(chainProblems(line.adminCrt ?? "", bundle.certs.os.crt, new Date())).toEqual([]);
    });

    it("rejects a bundle without a service account key (the loader can fail)", async () => {
      const { bundle } = await fixtureTalosSecrets();
      const yaml = bundleToYaml(bundle).replace(/ {4}k8sserviceaccount:\n {8}key: \S+\n/, "");
      expect(yaml).not.toContain("k8sserviceaccount");
      const { status, line } = check(yaml, "no-sa.yaml");
      expect(status).toBe(1);
      expect(line.error).toMatch(/k8sserviceaccount is required/);
    });
  },
);
