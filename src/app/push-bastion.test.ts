import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixtureSecrets } from "../../test/fakes/secrets.ts";
import { exampleObject, planOf } from "../../test/support/lab.ts";
import { LocalBastion } from "../adapters/bastion/local.ts";
import { pushBastionSecrets } from "../adapters/bastion/push-secrets.ts";
import { UsageError } from "../errors.ts";
import { machineConfigYaml } from "../render/talos/machine-config.ts";
import { pushToBastion } from "./push-bastion.ts";

describe("bastion push", () => {
  it("writes every node's machine config, mode 0600, where the rendered matchbox serves it", async () => {
    const root = mkdtempSync(join(tmpdir(), "moonlab-push-"));
    const plan = planOf(exampleObject("home"));
    const secrets = await fixtureSecrets();
    const r = await pushBastionSecrets(new LocalBastion({ root }), plan, secrets);
    expect(r.written).toHaveLength(plan.nodes.length);
    const dir = join(root, r.written[0]?.replace(/\/[^/]+$/, "") ?? "");
    expect(readdirSync(dir)).toHaveLength(plan.nodes.length);
    for (const w of r.written) {
      expect(statSync(join(root, w)).mode & 0o777).toBe(0o600);
      const node = plan.nodes.find((n) => readFileSync(join(root, w), "utf8").includes(`hostname: ${n.hostname}`));
      expect(node, w).toBeDefined();
      // matchbox renders generic templates with Go text/template; the served bytes are the machine config.
      expect(readFileSync(join(root, w), "utf8").length).toBeGreaterThanOrEqual(
        machineConfigYaml(plan, node as (typeof plan.nodes)[number], secrets).length - 64,
      );
    }
  });

  it("refuses without secrets or without a bastion to reach (usage errors, exit 2)", async () => {
    const plan = planOf(exampleObject("moon"));
    await expect(pushToBastion(plan, {}, { bastionSsh: "ec2-user@10.10.0.100" })).rejects.toThrow(UsageError);
    await expect(pushToBastion(plan, await fixtureSecrets(), {})).rejects.toThrow(/--bastion-ssh/);
    await expect(pushToBastion(plan, await fixtureSecrets(), { bastionSsh: "a@b@c" })).rejects.toThrow(/user@host/);
  });
});
