// The AWS lifecycle against a real moto server on 127.0.0.1: up deploys the default lab (emulator profile), the
// live T01/T02/T09 checks pass or say why not, wake/sleep change the bastion's desired capacity and the nodes,
// down deletes, sweeps and proves nothing tagged remains. A refused endpoint names host and port.

import { execFile } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { CreateImageCommand, RunInstancesCommand, TerminateInstancesCommand } from "@aws-sdk/client-ec2";
import { beforeEach, expect, it } from "vitest";
import { AwsInfraAdapter } from "../../../src/adapters/aws/infra.ts";
import { textOf } from "../../../src/artifacts/artifact.ts";
import { loadChecks, runLive } from "../../../src/checks/run-suite.ts";
import { SUITE } from "../../../src/checks/suite.ts";
import { prepareChangeSet } from "../../../src/lifecycle/change-set.ts";
import { lifecycleContext } from "../../../src/lifecycle/context.ts";
import { diff } from "../../../src/lifecycle/diff.ts";
import { down } from "../../../src/lifecycle/down.ts";
import { sleep, wake } from "../../../src/lifecycle/sleep-wake.ts";
import { status } from "../../../src/lifecycle/status.ts";
import { up } from "../../../src/lifecycle/up.ts";
import { loadLab } from "../../../src/plan/load-lab.ts";
import { renderAws, TEMPLATE_PATH } from "../../../src/render/aws/index.ts";
import { MOTO_ENV, useMotoSuite } from "../../support/moto-suite.ts";
import { freePort } from "../../support/processes.ts";
import { describeWithTools, ROOT } from "../../support/tools.ts";

const run = promisify(execFile);

describeWithTools([{ name: "moto_server", how: "scripts/install-test-tools.sh (20-python.sh)" }], "aws on moto", () => {
  const moto = useMotoSuite();
  const env = MOTO_ENV;

  beforeEach(async () => {
    await fetch(`${moto.endpoint}/moto-api/reset`, { method: "POST" });
  });

  const setup = () => {
    const lab = loadLab(undefined);
    const template = textOf(renderAws(lab.plan, {}, { emulator: true }).find((a) => a.path === TEMPLATE_PATH) as never);
    const lines: string[] = [];
    const ctx = lifecycleContext(lab.plan, { endpointUrl: moto.endpoint, log: (l) => lines.push(l), pollMs: 100 });
    return { lab, template, ctx, lines };
  };

  it("up deploys the default lab, live checks pass or say why, wake/sleep/down work", async () => {
    const { lab, template, ctx } = setup();
    // An image named like the iPXE project's is what DescribeImages must find (owner, name, architecture).
    // moto's RegisterImage drops the architecture, CreateImage keeps the source's: image an instance of moto's
    // preloaded Amazon Linux arm64 AMI, and an x86_64 decoy that must not be picked.
    const image = async (ami: string, name: string) => {
      const run = await ctx.aws.ec2.send(new RunInstancesCommand({ ImageId: ami, MinCount: 1, MaxCount: 1 }));
      const id = run.Instances?.[0]?.InstanceId as string;
      const img = await ctx.aws.ec2.send(new CreateImageCommand({ InstanceId: id, Name: name }));
      await ctx.aws.ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
      return img.ImageId;
    };
    const arm = await image("ami-0e9271c829888680e", "iPXE (2026-01-02) (arm64)");
    await image("ami-0e9271c829888680e", "iPXE (2026-01-02) (x86_64)");
    const r = await up(ctx, { template, amiOwner: "self" });
    expect(r.nodeAmi).toBe(arm);
    expect(r.status).toBe("CREATE_COMPLETE");
    expect(r.defaultRulesRevoked).toBeGreaterThan(0);
    // moto cannot create the budget from the template: up created it through the Budgets API.
    expect(r.budget).toBe("created");
    // Running up again finds nothing to change (resumable and idempotent).
    expect((await up(ctx, { template, amiOwner: "self" })).changed).toBe(false);

    const infra = new AwsInfraAdapter(ctx.aws, { emulator: true });
    const port = {
      describeLab: (l: string) => infra.describeLab(l),
      monthToDateCost: async () => ({ totalUsd: 0, byService: {} }),
    };
    const ids = SUITE.filter((id) => /^t0[129]\//.test(id));
    const results = await runLive(loadChecks(ids), { plan: lab.plan, ports: { aws: port } });
    const table = results.map((x) => `${x.status.padEnd(15)} ${x.id}${x.reason ? ` (${x.reason})` : ""}`);
    process.stderr.write(`${table.join("\n")}\n`);
    for (const x of results) {
      expect(["pass", "not-applicable"], `${x.id}: ${x.evidence.join("; ")}`).toContain(x.status);
      if (x.status === "not-applicable") expect(x.reason).toBeTruthy();
    }
    // The AWS-specific checks really ran live (not merely "plan mode only").
    expect(results.filter((x) => x.status === "pass").length).toBeGreaterThanOrEqual(12);

    const w = await wake(ctx);
    expect(w.nodes.map((n) => n.action)).toEqual(["launched", "launched", "launched"]);
    let s = await status(ctx);
    expect(s.bastion.desired).toBe(1);
    expect(s.nodes.every((n) => n.state === "running")).toBe(true);
    await sleep(ctx);
    s = await status(ctx);
    expect(s.bastion.desired).toBe(0);
    expect(s.nodes.every((n) => n.state.startsWith("asleep"))).toBe(true);

    const d = await down(ctx);
    expect(d.remaining).toEqual([]);
    expect((await infra.describeLab(lab.plan.lab)).vpcs).toEqual([]);
  }, 180_000);

  it("diff shows the change set and flags widened exposure, and leaves nothing behind", async () => {
    const { lab, template, ctx } = setup();
    const ami = "ami-0e9271c829888680e";
    const first = await diff(ctx, { template, nodeAmi: ami });
    expect(first.changes.length).toBeGreaterThan(15);
    expect(first.widening.some((w) => w.includes("8080-8080 from 10.10.0.0/24"))).toBe(true);
    const { describeStack } = await import("../../../src/lifecycle/stack-state.ts");
    expect(await describeStack(ctx)).toBeUndefined();

    await up(ctx, { template, nodeAmi: ami });
    expect(await diff(ctx, { template, nodeAmi: ami })).toEqual({ changes: [], widening: [] });

    const wider = { ...lab.plan, bastion: { ...lab.plan.bastion, sshSources: ["198.51.100.7/32"] } };
    const tpl2 = textOf(renderAws(wider, {}, { emulator: true }).find((a) => a.path === TEMPLATE_PATH) as never);
    const ctx2 = lifecycleContext(wider, { endpointUrl: moto.endpoint, pollMs: 100 });
    const d = await diff(ctx2, { template: tpl2, nodeAmi: ami });
    expect(d.changes.some((c) => c.includes("BastionSecurityGroup"))).toBe(true);
    expect(d.widening).toEqual(["ingress BastionSecurityGroup tcp 22-22 from 198.51.100.7/32"]);
    expect((await down(ctx)).remaining).toEqual([]);
  }, 180_000);

  it("an interrupted up resumes its own change set", async () => {
    const { template, ctx, lines } = setup();
    const ami = "ami-0e9271c829888680e";
    // Interrupted after the change set was created, before it was executed.
    const cs = await prepareChangeSet(ctx, template, { NodeAmi: ami });
    expect(cs.hasChanges).toBe(true);
    const r = await up(ctx, { template, nodeAmi: ami });
    expect(r.status).toBe("CREATE_COMPLETE");
    expect(lines).toContain(`resuming change set ${cs.name} (CREATE_COMPLETE)`);
    expect((await down(ctx)).remaining).toEqual([]);
  }, 120_000);

  it("the CLI: up, test --live, sleep, down against moto", async () => {
    const work = mkdtempSync(join(tmpdir(), "moonlab-aws-cli-"));
    try {
      const spec = join(work, "moon.lab.yaml");
      copyFileSync(join(ROOT, "examples/moon.lab.yaml"), spec);
      const cliEnv = {
        ...process.env,
        ...env,
        HOME: work,
        MOONLAB_AGE_IDENTITY: join(work, "id.age"),
        MOONLAB_SECRETS_DIR: join(work, ".moonlab"),
      };
      const cli = (...args: string[]) =>
        run(join(ROOT, "moonlab"), [...args, "--spec", spec, "--endpoint-url", moto.endpoint], {
          cwd: work,
          env: cliEnv,
          maxBuffer: 32 * 1024 * 1024,
        });
      const u = await cli("up", "--node-ami", "ami-0e9271c829888680e");
      expect(u.stdout).toMatch(/moonlab-moon-lab: CREATE_COMPLETE/);
      const t = await cli("test", "--live", "--json").then(
        (x) => x.stdout,
        (e: { stdout: string }) => e.stdout,
      );
      const results = (JSON.parse(t) as { results: { id: string; mode: string; status: string }[] }).results.filter(
        (x) => x.mode === "live" && /^t0[129]\//.test(x.id),
      );
      expect(results.length).toBeGreaterThanOrEqual(14);
      for (const x of results) expect(["pass", "not-applicable"], x.id).toContain(x.status);
      // The budget `up` created through the Budgets API is what the live T08 check reads.
      const all = (JSON.parse(t) as { results: { id: string; mode: string; status: string }[] }).results;
      expect(all.find((x) => x.mode === "live" && x.id === "t08/lab-budget")?.status).toBe("pass");
      // The run and the bring-up are kept with what they ran against, and the report shows the live evidence so.
      const kept = (sub: string) =>
        readdirSync(join(work, ".moonlab/moon", sub)).map((f) =>
          JSON.parse(readFileSync(join(work, ".moonlab/moon", sub, f), "utf8")),
        );
      const emulator = `AWS API emulator at ${moto.endpoint} (not real AWS)`;
      expect(kept("runs")).toEqual([expect.objectContaining({ mode: "plan+live", against: [emulator] })]);
      expect(kept("bring-up")).toEqual([expect.objectContaining({ command: "up", against: emulator })]);
      expect(kept("bring-up")[0].steps.length).toBeGreaterThan(0);
      await run(join(ROOT, "moonlab"), ["report", "--spec", spec, "--out", join(work, "out")], {
        cwd: work,
        env: cliEnv,
      });
      const html = readFileSync(join(work, "out/report/index.html"), "utf8");
      const card = html.slice(html.indexOf('id="check-t09-no-open-ingress"'));
      expect(card.slice(0, card.indexOf("</article>"))).toContain(`ran against: </strong>${emulator}`);
      expect(html).toContain("moonlab up at ");
      // --json on every lifecycle verb that reports: one JSON document on stdout, progress on stderr.
      const d = JSON.parse((await cli("diff", "--json", "--node-ami", "ami-0e9271c829888680e")).stdout);
      expect(d).toEqual(expect.objectContaining({ widening: [] }));
      expect(JSON.parse((await cli("sleep", "--json")).stdout)).toEqual(
        expect.objectContaining({ bastionGroup: expect.any(String) }),
      );
      expect((await cli("sleep")).stdout).toMatch(/desired 0/);
      const gone = JSON.parse((await cli("down", "--yes", "--json")).stdout) as { remaining: string[] };
      expect(gone.remaining).toEqual([]);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 240_000);

  it("a refused endpoint is an error naming host and port (exit 3), not a stack trace", async () => {
    const closed = await freePort();
    const err = await run(join(ROOT, "moonlab"), ["status", "--endpoint-url", `http://127.0.0.1:${closed}`], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    }).then(
      () => undefined,
      (e: { code?: number; stderr?: string }) => e,
    );
    expect(err?.code).toBe(3);
    expect(err?.stderr).toContain(`127.0.0.1:${closed}`);
    expect(err?.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
