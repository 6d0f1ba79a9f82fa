// The first hour as a user (issue 13): the spec in ./lab.yaml, init per target, the verbs and flags a talhelper or
// CDK user expects, expected failures with their documented exit codes. The real CLI in a child process.

import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runCli } from "../support/cli.ts";
import { ROOT } from "../support/tools.ts";

function run(args: string[], cwd: string, env: Record<string, string | undefined> = {}) {
  const r = runCli(args, cwd, env, 120_000);
  return { ...r, all: r.stdout + r.stderr };
}

const scratch = () => mkdtempSync(join(tmpdir(), "moonlab-cli-first-"));
const withHomeLab = (patch?: (spec: string) => string) => {
  const cwd = scratch();
  const text = readFileSync(join(ROOT, "examples/home.lab.yaml"), "utf8");
  writeFileSync(join(cwd, "lab.yaml"), patch ? patch(text) : text);
  return cwd;
};

describe("the first hour", { timeout: 240_000 }, () => {
  it("./lab.yaml is the spec when present, and every verb says which spec it used", () => {
    const cwd = withHomeLab();
    const v = run(["validate"], cwd);
    expect(v.code, v.all).toBe(0);
    expect(v.stdout).toMatch(/lab\.yaml: valid/);
    expect(v.stderr).toMatch(/spec: \.\/lab\.yaml/);
    const c = run(["cost", "--json"], cwd);
    expect(c.code, c.all).toBe(0);
    expect(c.stderr).toMatch(/spec: \.\/lab\.yaml/);
    const none = run(["validate"], scratch());
    expect(none.code).toBe(0);
    expect(none.stderr).toMatch(/spec: built-in default lab \(moon\)/);
  });

  it.each(["home", "local", "aws"])("init --target %s writes a valid lab with a schema modeline that resolves", (t) => {
    const cwd = scratch();
    const r = run(["init", "--target", t], cwd);
    expect(r.code, r.all).toBe(0);
    const text = readFileSync(join(cwd, "lab.yaml"), "utf8");
    expect(parse(text).target).toBe(t);
    const schema = /^# yaml-language-server: \$schema=(\S+)$/m.exec(text)?.[1];
    expect(schema).toBeDefined();
    const file = resolve(cwd, schema as string);
    expect(existsSync(file), file).toBe(true);
    expect(JSON.parse(readFileSync(file, "utf8")).$schema).toMatch(/json-schema/);
    // The next step names the launcher the README uses, as a path that works from here.
    const launcher = /next: (\S*moonlab) plan/.exec(r.stdout)?.[1];
    expect(launcher, r.stdout).toBeDefined();
    expect(resolve(cwd, launcher as string)).toBe(join(ROOT, "moonlab"));
    expect(run(["validate"], cwd).code).toBe(0);
  });

  it("the first plan says which secrets it created, where, and what to back up; the identity is choosable", () => {
    const cwd = scratch();
    const key = join(cwd, "keys", "lab.agekey");
    const env = { MOONLAB_AGE_IDENTITY: undefined, MOONLAB_AGE_KEY_FILE: key };
    const first = run(["plan", "--out", "out"], cwd, env);
    expect(first.code, first.all).toBe(0);
    expect(first.stderr).toMatch(/created a new Talos PKI/);
    expect(first.stderr).toContain(join(cwd, ".moonlab", "moon", "talos-secrets.yaml.age"));
    expect(first.stderr).toContain(`${key} (from MOONLAB_AGE_KEY_FILE), which was also created now`);
    expect(first.stderr).toMatch(/Back up both/);
    expect(existsSync(key)).toBe(true);
    const again = run(["plan", "--out", "out"], cwd, env);
    expect(again.code, again.all).toBe(0);
    expect(again.stderr).not.toMatch(/created/);
    expect(again.stderr).toContain(`age identity ${key} (from MOONLAB_AGE_KEY_FILE)`);
    // The CLI option chooses it too: a wrong one cannot open the bundle, and says which file it tried.
    const other = run(["plan", "--out", "out", "--age-key-file", join(cwd, "nope.agekey")], cwd, env);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain(join(cwd, "nope.agekey"));
  });

  it("init --target rejects an unknown target (exit 2)", () => {
    expect(run(["init", "--target", "mars"], scratch()).code).toBe(2);
  });

  it("down refuses without a terminal and without --yes (exit 2, nothing deleted)", () => {
    const r = run(["down"], scratch());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--yes/);
    expect(r.all).not.toMatch(/internal error/);
  });

  it("missing AWS credentials: a clear message and exit 6, not an internal error", () => {
    const cwd = scratch();
    const r = run(["status"], cwd, {
      AWS_ACCESS_KEY_ID: undefined,
      AWS_SECRET_ACCESS_KEY: undefined,
      AWS_SESSION_TOKEN: undefined,
      AWS_PROFILE: undefined,
      AWS_CONFIG_FILE: join(cwd, "none"),
      AWS_SHARED_CREDENTIALS_FILE: join(cwd, "none"),
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: undefined,
      AWS_CONTAINER_CREDENTIALS_FULL_URI: undefined,
      AWS_WEB_IDENTITY_TOKEN_FILE: undefined,
    });
    expect(r.code, r.all).toBe(6);
    expect(r.stderr).toMatch(/no AWS credentials/i);
    expect(r.all).not.toMatch(/internal error/);
  });

  it("explain accepts test ids in either case and lists titles grouped by test", () => {
    const cwd = scratch();
    for (const id of ["T03", "t03"]) {
      const r = run(["explain", id], cwd);
      expect(r.code, r.all).toBe(0);
      expect(r.stdout).toMatch(/^T03 /m);
      expect(r.stdout).toMatch(/t03\/\S+/);
    }
    const all = run(["explain"], cwd);
    expect(all.stdout).toMatch(/^T01 .+\n {2}t01\/\S+ +\S.+$/m);
    expect(all.stdout).toMatch(/^C03 /m);
  });

  it("unknown verbs suggest the closest verb; CDK's synth/deploy/destroy are aliases", () => {
    const cwd = scratch();
    const r = run(["valdate"], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/did you mean validate\?/i);
    expect(r.stderr.match(/valdate/g)?.length).toBe(1);
    expect(run(["synth", "--help"], cwd).stdout).toMatch(/Usage: moonlab plan/);
    expect(run(["deploy", "--help"], cwd).stdout).toMatch(/Usage: moonlab up/);
    expect(run(["destroy", "--help"], cwd).stdout).toMatch(/Usage: moonlab down/);
    const help = run(["--help"], cwd);
    for (const verb of ["init", "validate", "plan", "test", "down", "bench-plan", "gitops"])
      expect(help.stdout).toMatch(new RegExp(`^ {2}${verb}\\b`, "m"));
  });

  it("one flag vocabulary: --json and --verbose on the reporting verbs, --out one meaning, gitops push --dry-run", () => {
    const cwd = scratch();
    for (const verb of ["validate", "plan", "test", "cost", "status", "explain", "bench-plan", "gitops push"])
      expect(run([...verb.split(" "), "--help"], cwd).stdout, verb).toMatch(/--json/);
    for (const verb of ["validate", "plan", "test", "cost", "explain", "bench-plan"])
      expect(run([verb, "--help"], cwd).stdout, verb).toMatch(/--verbose/);
    expect(run(["gitops", "push", "--help"], cwd).stdout).toMatch(/--dry-run/);
    // --out means the output root of a plan tree wherever it appears.
    for (const verb of ["plan", "test", "gitops push"])
      expect(run([...verb.split(" "), "--help"], cwd).stdout, verb).toMatch(/--out <dir>/);
  });

  it("test --out checks the tree plan wrote (and sees a change made to it)", () => {
    const cwd = scratch();
    expect(run(["plan", "--out", "out"], cwd).code).toBe(0);
    const statuses = (r: { stdout: string }) =>
      (JSON.parse(r.stdout).results as { id: string; status: string }[]).map((x) => `${x.id}=${x.status}`);
    const fresh = run(["test", "--json"], cwd);
    const fromTree = run(["test", "--json", "--out", "out"], cwd);
    expect(fromTree.code, fromTree.all).toBe(0);
    expect(statuses(fromTree)).toEqual(statuses(fresh));
    const tpl = join(cwd, "out/aws/template.json");
    writeFileSync(tpl, readFileSync(tpl, "utf8").replaceAll("AWS::EC2::InternetGateway", "AWS::EC2::Nothing"));
    const broken = run(["test", "--json", "--out", "out"], cwd);
    expect(broken.code).toBe(1);
    expect(statuses(broken)).toContain("t01/igw-default-routes=fail");
  });

  it("an error is printed once", () => {
    const cwd = withHomeLab((t) => t.replace("subnet: 10.17.13.0/24", "subnet: 10.17.13.0/33"));
    const r = run(["plan", "--out", "out"], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n").filter((l) => / at network\.subnet: /.test(l)).length, r.stderr).toBe(1);
    expect(r.stderr.split("\n").filter((l) => /problems? found/.test(l)).length, r.stderr).toBe(1);
  });

  it("acknowledged findings print once and briefly", () => {
    const r = run(["validate"], withHomeLab());
    const acked = r.all.split("\n").filter((l) => /acknowledged/.test(l));
    expect(acked.length, r.all).toBeLessThanOrEqual(1);
    expect(r.all).not.toMatch(/^\s+received:/m);
  });

  it("home target: fields that do not apply are warned about with stable codes; node counts give one error", () => {
    const cwd = withHomeLab((t) =>
      t
        .replace("target: home\n", "target: home\nregion: eu-west-1\n")
        .replace("  address: 10.17.13.140\n", "  address: 10.17.13.140\n  publicIpv4: true\n  ssm: true\n")
        .replace(
          /acknowledgements:\n/,
          "acknowledgements:\n  - id: no.such-warning\n    reason: left over from an older spec\n",
        ),
    );
    const r = run(["validate", "--json"], cwd);
    const issues = JSON.parse(r.stdout).issues as { code: string; path: string; severity: string }[];
    const warned = issues.filter((i) => i.severity === "warning").map((i) => `${i.code}@${i.path}`);
    expect(warned).toEqual(
      expect.arrayContaining([
        "target.field-not-applicable@region",
        "target.field-not-applicable@bastion.publicIpv4",
        "target.field-not-applicable@bastion.ssm",
        "acknowledgement.unused@acknowledgements[0]",
      ]),
    );
    const counts = withHomeLab((t) =>
      t.replace(/nodes:\n( {2}- [\s\S]*?)(?=^\S)/m, "nodes:\n  gateway: 1\n  compute: 2\n  controlPlanes: 1\n"),
    );
    const c = run(["validate", "--json"], counts);
    expect(c.code).toBe(2);
    const errors = (JSON.parse(c.stdout).issues as { severity: string; code: string }[]).filter(
      (i) => i.severity === "error",
    );
    expect(errors.map((e) => e.code)).toEqual(["node.counts-need-list"]);
  });
});
