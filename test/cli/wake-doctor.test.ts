// `moonlab doctor` and wake's tool check, as a user runs them (child process, scratch HOME, a PATH we control).
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/tools.ts";

const MAIN = join(ROOT, "src/cli/main.ts");

function run(args: string[], cwd: string, path: string) {
  const r = spawnSync(process.execPath, [MAIN, ...args], {
    cwd,
    encoding: "utf8",
    env: {
      PATH: path,
      HOME: cwd,
      NO_COLOR: "1",
      MOONLAB_SECRETS_DIR: join(cwd, ".moonlab"),
      MOONLAB_AGE_IDENTITY: join(cwd, "identity.age"),
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "testing",
      AWS_SECRET_ACCESS_KEY: "testing",
    },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A directory of stand-in tools that print their version the way the real ones do. */
function toolsDir(root: string, tools: Record<string, string>): string {
  const dir = join(root, "bin");
  mkdirSync(dir, { recursive: true });
  for (const [name, out] of Object.entries(tools)) {
    writeFileSync(join(dir, name), `#!/bin/sh\nprintf '%s\\n' '${out}'\n`);
    chmodSync(join(dir, name), 0o755);
  }
  return dir;
}

describe("moonlab doctor and wake's tool check", { timeout: 120_000 }, () => {
  it("doctor lists each tool wanted and found, exit 2 when one is missing", () => {
    const cwd = mkdtempSync(join(tmpdir(), "moonlab-doctor-"));
    const bin = toolsDir(cwd, {
      talosctl: "Client:\nTalos v1.13.6",
      kubectl: "Client Version: v1.34.2",
      bash: "GNU bash, version 5.2.15(1)-release",
    });
    const r = run(["doctor", "--json"], cwd, bin);
    expect(r.code).toBe(2);
    const rows = JSON.parse(r.stdout) as { tool: string; status: string; found?: string }[];
    expect(rows.map((x) => `${x.tool}:${x.status}:${x.found ?? "-"}`)).toEqual([
      "talosctl:ok:v1.13.6",
      "kubectl:ok:v1.34.2",
      "helm:missing:-",
      "bash:ok:v5.2.15",
      // The default lab reaches its bastion over SSM (no SSH source in the spec).
      "session-manager-plugin:missing:-",
    ]);
    const all = toolsDir(cwd, { helm: "v3.19.0+g3d8990f", "session-manager-plugin": "1.3.0.0" });
    expect(run(["doctor"], cwd, all).code).toBe(0);
  });

  it("wake with a tool missing stops before anything starts: exit 2, no AWS call, nothing written", () => {
    const cwd = mkdtempSync(join(tmpdir(), "moonlab-wake-tools-"));
    const bin = toolsDir(cwd, { kubectl: "Client Version: v1.34.2", bash: "GNU bash, version 5.2.15(1)-release" });
    // The endpoint is a closed port: any AWS call would fail with exit 3, not 2.
    const r = run(["wake", "--endpoint-url", "http://127.0.0.1:9", "--bastion-ssh", "ec2-user@127.0.0.1:9"], cwd, bin);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/missing operator tools, nothing was started/);
    expect(r.stderr).toMatch(/talosctl \(v1\.13\.6/);
    expect(r.stderr).toMatch(/helm \(>= v3\.8\.0/);
    expect(existsSync(join(cwd, ".moonlab"))).toBe(false);
  });

  it("wake on a lab never planned stops before anything starts: no secrets bundle is minted (exit 2)", () => {
    const cwd = mkdtempSync(join(tmpdir(), "moonlab-wake-unplanned-"));
    const bin = toolsDir(cwd, {
      talosctl: "Client:\nTalos v1.13.6",
      kubectl: "Client Version: v1.34.2",
      helm: "v3.19.0+g3d8990f",
      bash: "GNU bash, version 5.2.15(1)-release",
    });
    const r = run(["wake", "--endpoint-url", "http://127.0.0.1:9", "--bastion-ssh", "ec2-user@127.0.0.1:9"], cwd, bin);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/no Talos secrets bundle .* run `moonlab plan` first/);
    expect(existsSync(join(cwd, ".moonlab"))).toBe(false);
  });

  it("wake on the default lab needs no --bastion-ssh: it goes over SSM, so a missing session-manager-plugin stops it first (exit 2)", () => {
    const cwd = mkdtempSync(join(tmpdir(), "moonlab-wake-ssm-"));
    const bin = toolsDir(cwd, {
      talosctl: "Client:\nTalos v1.13.6",
      kubectl: "Client Version: v1.34.2",
      helm: "v3.19.0+g3d8990f",
      bash: "GNU bash, version 5.2.15(1)-release",
    });
    const r = run(["wake", "--endpoint-url", "http://127.0.0.1:9"], cwd, bin);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).not.toMatch(/--bastion-ssh/);
    expect(r.stderr).toMatch(/missing operator tools, nothing was started[\s\S]*session-manager-plugin \(>= 1\.1\.23/);
    expect(existsSync(join(cwd, ".moonlab"))).toBe(false);
    // With the plugin present, doctor lists it with its version (it prints "1.3.0.0").
    const withPlugin = toolsDir(cwd, { "session-manager-plugin": "1.3.0.0" });
    const d = run(["doctor", "--json"], cwd, withPlugin);
    expect(d.code, d.stderr).toBe(0);
    expect(JSON.parse(d.stdout)).toContainEqual(
      expect.objectContaining({ tool: "session-manager-plugin", found: "v1.3.0" }),
    );
  });

  it("a lab with neither SSM nor an SSH source: wake names bastion.ssm and bastion.ssh.sources and the fix (exit 2)", () => {
    const cwd = mkdtempSync(join(tmpdir(), "moonlab-wake-nopath-"));
    const spec = join(cwd, "lab.yaml");
    const moon = readFileSync(join(ROOT, "examples/moon.lab.yaml"), "utf8");
    writeFileSync(spec, moon.replace(/^ {2}ssm: true$/m, "  ssm: false"));
    const r = run(["wake", "--spec", spec, "--endpoint-url", "http://127.0.0.1:9"], cwd, toolsDir(cwd, {}));
    expect(r.code, r.stderr).toBe(2);
    // The spec check catches it before the bastion path is chosen (src/plan/bastion-access.ts says the same).
    expect(r.stderr).toMatch(/set bastion\.ssm: true or add your address to bastion\.ssh\.sources/);
  });
});
