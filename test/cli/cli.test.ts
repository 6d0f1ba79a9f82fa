// The CLI end to end, as a user runs it (a child process with Node 24), in a scratch directory with its own HOME.

import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI_MAIN, runCli } from "../support/cli.ts";
import { ROOT } from "../support/tools.ts";

// Secrets (bundle + age identity) live in the scratch directory, never beside the repo's example specs.
const run = (args: string[], cwd: string, input?: string) => runCli(args, cwd, {}, 120_000, input);

function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[relative(dir, p)] = `${(statSync(p).mode & 0o777).toString(8)} ${readFileSync(p).toString("base64")}`;
    }
  };
  walk(dir);
  return out;
}

const scratch = () => mkdtempSync(join(tmpdir(), "moonlab-cli-"));

describe("moonlab CLI", { timeout: 240_000 }, () => {
  it("plan on the default lab writes the tree, and a second run changes no byte", () => {
    const cwd = scratch();
    const first = run(["plan", "--out", "out"], cwd);
    expect(first.stderr + first.stdout).toContain("wrote");
    expect(first.code).toBe(0);
    const a = tree(join(cwd, "out"));
    expect(Object.keys(a)).toContain("checks.json");
    const second = run(["plan", "--out", "out"], cwd);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/\(0 changed, \d+ unchanged, 0 removed\)/);
    expect(tree(join(cwd, "out"))).toEqual(a);
  });

  it("plan on the home example writes its tree", () => {
    const cwd = scratch();
    const r = run(["plan", "--spec", join(ROOT, "examples/home.lab.yaml"), "--out", "home"], cwd);
    expect(r.code).toBe(0);
    expect(existsSync(join(cwd, "home/checks.json"))).toBe(true);
  });

  it("validate on a broken spec prints every problem with its path and exits 2; plan writes nothing", () => {
    const cwd = scratch();
    const spec = readFileSync(join(ROOT, "examples/home.lab.yaml"), "utf8")
      .replace('mac: "52:54:00:13:01:42"', 'mac: "52:54:00:13:01:41"')
      .replace("address: 10.17.13.140", "address: 10.17.99.140")
      .replace("timeZone", "timeZone");
    writeFileSync(join(cwd, "lab.yaml"), spec);
    const v = run(["validate", "--spec", "lab.yaml"], cwd);
    expect(v.code).toBe(2);
    expect(v.stdout).toContain("node.duplicate-mac at nodes[1].mac");
    expect(v.stdout).toContain("address.outside-subnet at bastion.address");
    expect(v.stdout).toMatch(/fix: /);
    const p = run(["plan", "--spec", "lab.yaml", "--out", "out"], cwd);
    expect(p.code).toBe(2);
    expect(p.stderr).toContain("nothing was written");
    expect(existsSync(join(cwd, "out"))).toBe(false);
  });

  it("validate reads stdin and reports YAML errors with a line", () => {
    const r = run(["validate", "--spec", "-"], scratch(), "name: [\n");
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/yaml\.syntax at <stdin>:\d+:\d+/);
  });

  it("a missing spec file is a usage error (exit 2)", () => {
    const r = run(["plan", "--spec", "nope.yaml"], scratch());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("nope.yaml does not exist");
  });

  it("test writes JUnit and JSON; explain prints what a check asserts", () => {
    const cwd = scratch();
    const t = run(["test", "--junit", "r.xml", "--json"], cwd);
    expect([0, 1]).toContain(t.code);
    const json = JSON.parse(t.stdout);
    expect(json.summary.total).toBeGreaterThan(0);
    expect(readFileSync(join(cwd, "r.xml"), "utf8")).toContain("<testsuites");
    const e = run(["explain", "t01/addresses-unique"], cwd);
    expect(e.code).toBe(0);
    expect(e.stdout).toContain("THEN");
    expect(run(["explain", "t99/nope"], cwd).code).toBe(2);
    const bad = run(["test", "--live", "--bastion-ssh", "a@b@c"], cwd);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("expected user@host[:port]");
  });

  it("init writes lab.yaml that validates, and refuses to overwrite", () => {
    const cwd = scratch();
    expect(run(["init"], cwd).code).toBe(0);
    expect(run(["validate", "--spec", "lab.yaml"], cwd).code).toBe(0);
    expect(run(["init"], cwd).code).toBe(2);
  });

  it("schema prints the committed editor schema (regenerate: moonlab schema > schema/lab.schema.json)", () => {
    const out = execFileSync(process.execPath, [CLI_MAIN, "schema"], { encoding: "utf8" });
    expect(out).toBe(readFileSync(join(ROOT, "schema/lab.schema.json"), "utf8"));
    const schema = JSON.parse(out);
    expect(schema.properties.nodes).toBeDefined();
    expect(schema.required).toEqual(expect.arrayContaining(["name", "network", "bastion"]));
  });
});
