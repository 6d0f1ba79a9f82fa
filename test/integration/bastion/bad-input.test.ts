// Bad boot input is rejected at validation with the spec path, before anything is rendered: a MAC that is not a MAC,
// two nodes with one MAC (matchbox would hand both the same config), a static address inside the DHCP range.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { validateObject } from "../../../src/spec/validate.ts";
import { LOCAL_PATCH } from "../../fakes/bastion-tree.ts";
import { exampleObject, patched } from "../../support/lab.ts";
import { ROOT } from "../../support/tools.ts";

type Nodes = Record<string, unknown>[];
const homeNodes = (): Nodes => exampleObject("home").nodes as Nodes;
const withNodes = (f: (n: Nodes) => void, patch: Record<string, unknown> = {}) => {
  const nodes = homeNodes();
  f(nodes);
  return { ...patched("home", patch), nodes };
};

const CASES = [
  {
    name: "a MAC that is not a MAC",
    spec: () => withNodes((n) => ((n[1] as Record<string, unknown>).mac = "52:54:00:13:01")),
    code: "node.mac-invalid",
    path: "nodes[1].mac",
  },
  {
    name: "two nodes with one MAC (any case or separator)",
    spec: () => withNodes((n) => ((n[2] as Record<string, unknown>).mac = "52-54-00-13-01-42".toUpperCase())),
    code: "node.duplicate-mac",
    path: "nodes[2].mac",
  },
  {
    name: "a node's static address inside the DHCP range",
    spec: () => withNodes((n) => ((n[0] as Record<string, unknown>).address = "10.17.13.165"), LOCAL_PATCH),
    code: "dhcp.static-in-range",
    path: "nodes[0].address",
  },
  {
    name: "the bastion inside the DHCP range",
    spec: () => patched("home", { ...LOCAL_PATCH, bastion: { address: "10.17.13.170" } }),
    code: "dhcp.static-in-range",
    path: "bastion.address",
  },
];

describe("bad boot input is rejected at validation with its path", () => {
  it("the valid local variant used here passes (so each case fails for its one reason)", () => {
    const v = validateObject(withNodes(() => undefined, LOCAL_PATCH));
    expect(v.ok, JSON.stringify(v.issues)).toBe(true);
  });
  for (const c of CASES) {
    it(c.name, () => {
      const v = validateObject(c.spec());
      expect(v.ok).toBe(false);
      const errors = v.issues.filter((i) => i.severity === "error");
      expect(errors.map((i) => [i.code, i.path])).toContainEqual([c.code, c.path]);
    });
  }

  it("`moonlab plan` exits 2 naming the path and writes nothing", () => {
    const dir = mkdtempSync(join(tmpdir(), "moonlab-bad-"));
    try {
      const spec = join(dir, "lab.yaml");
      writeFileSync(spec, stringify(CASES[1]?.spec()));
      let status = 0;
      let out = "";
      try {
        execFileSync(join(ROOT, "moonlab"), ["plan", "--spec", spec, "--out", join(dir, "out")], {
          encoding: "utf8",
          stdio: ["ignore", "pipe", "pipe"],
        });
      } catch (e) {
        const err = e as { status: number; stdout: string; stderr: string };
        status = err.status;
        out = err.stdout + err.stderr;
      }
      expect(status).toBe(2);
      expect(out).toContain("nodes[2].mac");
      expect(readdirSync(dir)).toEqual(["lab.yaml"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
