// Every spec that validates renders a template CloudFormation accepts: the largest one the schema allows (11 nodes
// with 32-character names, 8 caches, 8 SSH sources, 4 resolvers, every name at its maximum length) stays under the
// 51,200-byte TemplateBody limit and the 500-resource limit; one node more is refused by validation.
import { describe, expect, it } from "vitest";
import { fixtureSecrets } from "../../../test/fakes/secrets.ts";
import { patched, planOf } from "../../../test/support/lab.ts";
import { ArtifactTree } from "../../artifacts/tree.ts";
import check from "../../checks/t01/template-within-cloudformation-limits.ts";
import { validateObject } from "../../spec/validate.ts";
import { renderAws } from "./index.ts";
import { CFN_LIMITS, TEMPLATE_PATH } from "./paths.ts";

const label = (c: string, n = 61) => c.repeat(n);
const nodes = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    name: `n${String(i).padStart(2, "0")}${"x".repeat(29)}`,
    group: i === 0 ? "gateway" : "compute",
    role: i < 3 ? "controlplane" : "worker",
    purchase: "spot",
    instanceType: "m7g.2xlarge",
  }));
const largest = (n: number) =>
  patched("moon", {
    name: "m".repeat(32),
    nodes: nodes(n),
    caches: Array.from({ length: 8 }, (_, i) => ({
      upstream: `r${i}.${label("r", 56)}`.slice(0, 60),
      port: 6000 + i,
      remoteUrl: `https://r${i}.example.com/${"p".repeat(228)}`,
    })),
    dns: {
      domain: `${label("d")}.${label("e")}.${label("f")}.${label("g")}.lab`.slice(0, 253),
      upstreams: ["2606:4700:4700::1111", "2606:4700:4700::1001", "9.9.9.9#53", "1.1.1.1"],
    },
    cozystack: { host: `${label("h")}.${label("i")}.${label("j")}.${label("k")}`.slice(0, 253) },
    bastion: {
      ssh: {
        sources: Array.from({ length: 8 }, (_, i) =>
          i % 2 ? `2001:db8:aaaa:bbbb:cccc:dddd:eeee:${i}/128` : `203.0.113.${i}/32`,
        ),
        user: "u".repeat(32),
      },
    },
    budget: { email: `${"e".repeat(60)}@${label("x", 60)}.${label("y", 60)}.com` },
    gitops: { repo: `https://github.com/${"o".repeat(39)}/${"r".repeat(100)}.git`, secretRef: "fleet-auth" },
  });

describe("CloudFormation limits", { timeout: 300_000 }, () => {
  it("the largest spec that validates renders under 51,200 bytes and 500 resources", async () => {
    const spec = largest(11);
    expect(validateObject(spec).ok).toBe(true);
    const plan = planOf(spec);
    const artifacts = new ArtifactTree(renderAws(plan, await fixtureSecrets(), {}));
    const o = check.plan?.({ plan, artifacts });
    const bytes = Buffer.byteLength(artifacts.text(TEMPLATE_PATH));
    console.log(`largest valid spec: ${o?.evidence.join("; ")}`);
    expect(o?.status).toBe("pass");
    expect(bytes).toBeLessThanOrEqual(CFN_LIMITS.templateBodyBytes);
  });

  it("one node more does not validate", () => {
    expect(validateObject(largest(12)).issues.map((i) => `${i.code}@${i.path}`)).toContain("spec.too-big@nodes");
    expect(
      validateObject(patched("moon", { nodes: { compute: 11 } })).issues.map((i) => `${i.code}@${i.path}`),
    ).toContain("spec.too-big@nodes.compute");
  });

  it("the check fails a template over either limit", () => {
    const plan = planOf(patched("moon", {}));
    const resources = Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`R${i}`, { Type: "AWS::SNS::Topic" }]));
    const big = new ArtifactTree([
      { path: TEMPLATE_PATH, content: JSON.stringify({ Resources: resources, x: "y".repeat(60_000) }) },
    ]);
    const o = check.plan?.({ plan, artifacts: big });
    expect(o?.status).toBe("fail");
    expect(o?.evidence.join("\n")).toMatch(/over CloudFormation's 51200-byte[\s\S]*501 resources/);
  });
});
