// `moonlab cost` and `moonlab bench-cost` as a user runs them (Node 24 child process), plus cost.json from
// `moonlab plan` matching `moonlab cost --json` byte for byte.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { exampleObject, patched } from "../../support/lab.ts";
import { ROOT } from "../../support/tools.ts";

const MAIN = join(ROOT, "src/cli/main.ts");

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [MAIN, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, HOME: cwd, NO_COLOR: "1", MOONLAB_AGE_IDENTITY: "" },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const scratch = () => mkdtempSync(join(tmpdir(), "moonlab-cost-"));

describe("moonlab cost", () => {
  it("prints the default lab item by item with totals, the free tier and both comparisons, exit 0", () => {
    const r = run(["cost"], scratch());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("free tier: none: no free tier at all");
    expect(r.stdout).toContain("At rest, a month (everything asleep): $0.00   budget $0.10 (budget.atRestMonthly): ok");
    // session: 5 h x (0.0184 + 0.005 + 0.2944 + 2 x 0.4 x 0.2944) + (30 + 3 x 50) GB x 5/730 x 0.088 + 0.09 = 2.9651
    // (0.005: the bastion's public IPv4, for the NAT instance); NAT gateway: 90.1883 + 35.04 + 7.30 + 3.65;
    // EKS: 90.1883 - the gateway (44.7733 + 0.9167) + 73
    expect(r.stdout).toContain("One session (5 h): $2.97   budget $3.00 (budget.perSession): ok");
    expect(r.stdout).toContain(
      "moon-gateway-1 (controlplane node) t4g.2xlarge on-demand: 5 instance-hour x $0.2944 = $1.47",
    );
    expect(r.stdout).toContain("moon-compute-1 (worker node) t4g.2xlarge spot: 5 instance-hour x $0.11776 = $0.59");
    expect(r.stdout).toMatch(/the same lab with a NAT gateway: \$136\.18/);
    expect(r.stdout).toMatch(/the same lab on EKS: \$117\.50/);
  });

  it("--json prints exactly the cost.json that `moonlab plan` writes", () => {
    const cwd = scratch();
    const j = run(["cost", "--json"], cwd);
    expect(j.code).toBe(0);
    const p = run(["plan", "--out", "out"], cwd);
    expect(p.code, p.stderr + p.stdout).toBe(0);
    expect(readFileSync(join(cwd, "out/cost.json"), "utf8")).toBe(j.stdout);
    expect(JSON.parse(j.stdout).session.totalUsd).toBe(2.965093);
  }, 180_000);

  it("exits 1 over budget, naming OVER", () => {
    const cwd = scratch();
    writeFileSync(join(cwd, "lab.yaml"), stringify(patched("moon", { budget: { perSession: 1 } })));
    const r = run(["cost", "--spec", "lab.yaml"], cwd);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("One session (5 h): $2.97   budget $1.00 (budget.perSession): OVER");
  });

  it("says a home lab bills nothing", () => {
    const cwd = scratch();
    writeFileSync(join(cwd, "home.yaml"), stringify(exampleObject("home")));
    const r = run(["cost", "--spec", "home.yaml"], cwd);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("target home: nothing is billed by AWS");
  });
});

describe("moonlab bench-cost", () => {
  it("prints the lab-hour cost and the ratios against always-on, NAT and EKS", () => {
    const r = run(["bench-cost", "--runs", "50", "--json"], scratch());
    expect(r.code, r.stderr).toBe(0);
    const b = JSON.parse(r.stdout) as Record<string, number>;
    // month $90.18825, always on $422.5011, NAT $136.17825, EKS $117.49825 (src/cost-model/estimate.test.ts)
    expect(b.labHourUsd).toBeCloseTo(90.18825 / 152.0833333, 6);
    expect(b.alwaysOnRatio).toBeCloseTo(422.5011 / 90.18825, 6);
    expect(b.natRatio).toBeCloseTo(136.17825 / 90.18825, 6);
    expect(b.eksRatio).toBeCloseTo(117.49825 / 90.18825, 6);
    expect(b.runs).toBe(50);
    const text = run(["bench-cost", "--runs", "5"], scratch());
    // the compute nodes stay spot all month: the comparison keeps each node's purchase option
    expect(text.stdout).toMatch(/same fleet on all month: \$422\.50 = 4\.68x the scheduled lab/);
  });

  it("refuses a bad --runs with exit 2", () => {
    expect(run(["bench-cost", "--runs", "0"], scratch()).code).toBe(2);
  });
});
