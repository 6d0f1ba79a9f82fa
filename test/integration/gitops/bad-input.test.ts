// Bad gitops input is rejected at validation, with its code and spec path, before anything is rendered or pushed:
// a MetalLB pool outside the subnet or overlapping DHCP, and a repository URL that is not a URL.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { validateObject } from "../../../src/spec/validate.ts";
import { patched } from "../../support/lab.ts";
import { ROOT } from "../../support/tools.ts";

const tmp = mkdtempSync(join(tmpdir(), "moonlab-bad-gitops-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function errors(input: unknown): string[] {
  const v = validateObject(input);
  return v.issues.filter((i) => i.severity === "error").map((i) => `${i.code}@${i.path}`);
}

const CASES: [string, Record<string, unknown>, string][] = [
  [
    "a MetalLB pool outside the subnet",
    patched("home", { network: { loadBalancerPool: { start: "10.17.14.10", end: "10.17.14.20" } } }),
    "lb.pool-outside-subnet@network.loadBalancerPool",
  ],
  [
    "a MetalLB pool overlapping the DHCP range",
    patched("home", {
      network: { dhcp: { mode: "full", range: { start: "10.17.13.150", end: "10.17.13.205" } } },
    }),
    "lb.pool-overlaps-dhcp@network.loadBalancerPool",
  ],
  [
    "a repository that is not a URL",
    patched("moon", { gitops: { repo: "not a url" } }),
    "gitops.repo-invalid@gitops.repo",
  ],
];

describe("bad gitops input", () => {
  it("the examples themselves are accepted (so each rejection below is the case's own)", () => {
    expect(errors(patched("home", {}))).toEqual([]);
    expect(errors(patched("moon", {}))).toEqual([]);
  });

  for (const [what, spec, expected] of CASES) {
    it(`rejects ${what} at its path`, () => {
      expect(errors(spec)).toContain(expected);
    });

    it(`moonlab gitops push refuses ${what}: exit 2, the code and path printed, nothing pushed`, () => {
      const file = join(tmp, `${expected.split("@")[0]}.lab.yaml`);
      writeFileSync(file, stringify(spec));
      const r = spawnSync(
        process.execPath,
        [join(ROOT, "src/cli/main.ts"), "gitops", "push", "--spec", file, "--repo", join(tmp, "never.git")],
        { cwd: ROOT, encoding: "utf8", timeout: 110_000 },
      );
      expect(r.status).toBe(2);
      const [code, path] = expected.split("@");
      expect(r.stderr).toContain(`${code} at ${path}`);
      expect(r.stderr).not.toMatch(/git clone/);
    }, 120_000);
  }
});
