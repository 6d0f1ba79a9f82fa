// `moonlab test` keeps its runs, `moonlab report` and `moonlab talk` show them: end to end as a user runs them.

import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.ts";
import { ROOT } from "../support/tools.ts";

const HOME_SPEC = join(ROOT, "examples/home.lab.yaml");

const run = (args: string[], cwd: string) => runCli(args, cwd);

describe("moonlab report / talk (CLI)", { timeout: 400_000 }, () => {
  it("test runs are kept and shown as history; a second report changes no byte; talk writes the deck offline", () => {
    const cwd = mkdtempSync(join(tmpdir(), "moonlab-report-"));
    expect(run(["test", "--spec", HOME_SPEC], cwd).code).toBe(0);
    expect(run(["test", "--spec", HOME_SPEC], cwd).code).toBe(0);
    expect(run(["test", "--spec", HOME_SPEC, "--no-record"], cwd).code).toBe(0);
    const runs = readdirSync(join(cwd, ".moonlab/home/runs"));
    expect(runs).toHaveLength(2);
    const kept = JSON.parse(readFileSync(join(cwd, ".moonlab/home/runs", runs[0] as string), "utf8"));
    expect(kept).toMatchObject({ lab: "home", mode: "plan", against: [] });
    expect(kept.results.length).toBe(kept.summary.total);

    const first = run(["report", "--spec", HOME_SPEC, "--out", "out"], cwd);
    expect(first.stderr).not.toMatch(/unreadable/);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("2 recorded runs");
    const html = readFileSync(join(cwd, "out/report/index.html"), "utf8");
    for (const r of runs)
      expect(html).toContain(
        `<code>${JSON.parse(readFileSync(join(cwd, ".moonlab/home/runs", r), "utf8")).recordedAt}</code>`,
      );
    const second = run(["report", "--spec", HOME_SPEC, "--out", "out"], cwd);
    expect(second.stdout).toContain("0 changed");

    const talk = run(["talk", "--spec", HOME_SPEC, "--out", "out"], cwd);
    expect(talk.code).toBe(0);
    expect(readdirSync(join(cwd, "out/talk")).sort()).toEqual(
      [".moonlab-manifest", "demo-script.md", "diagram.svg", "index.html", "vendor"].sort(),
    );
    expect(readFileSync(join(cwd, "out/talk/demo-script.md"), "utf8")).toContain(`--spec ${HOME_SPEC}`);
  });
});
