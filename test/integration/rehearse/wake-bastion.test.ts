// wake's first two steps against the rehearsal's bastion: the rendered bundle of the local example runs in a network
// namespace (Debian's dnsmasq, matchbox v0.11.0, Debian's docker-registry as the lab registry and caches); the
// `bastion` step's health probe asks the real services, the `configs` step pushes the machine configs into matchbox's
// data dir, and matchbox then serves each node its own config at the talos.config= URL; the `lab-images` step pushes
// Moonlander's image into the lab registry through a forward into the namespace, as it goes through SSH on AWS. A stopped matchbox fails the
// `bastion` step with matchbox named in the evidence.
import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Duplex } from "node:stream";
import { afterAll, beforeAll, expect, it } from "vitest";
import { LocalBastion } from "../../../src/adapters/bastion/local.ts";
import type { Forwarder } from "../../../src/adapters/tunnel/connect-proxy.ts";
import { wakeLabImages } from "../../../src/app/wake-images.ts";
import { bringUpSteps } from "../../../src/lifecycle/bring-up/graph.ts";
import { matchboxSeen } from "../../../src/lifecycle/bring-up/step-nodes.ts";
import { runGraph, StepFailedError } from "../../../src/lifecycle/step-graph.ts";
import { loadLab } from "../../../src/plan/load-lab.ts";
import { bringUp, type Environment } from "../../../src/rehearse/environment.ts";
import { localBastionPort, netnsHttpPort } from "../../../src/rehearse/local-ports.ts";
import { killGroup } from "../../../src/rehearse/proc.ts";
import { type Prepared, stageRehearsal } from "../../../src/rehearse/rehearse.ts";
import { rebase } from "../../../src/rehearse/stage.ts";
import { configUrl } from "../../../src/render/bastion/matchbox.ts";
import { bastionSecretFiles } from "../../../src/render/bastion/secret-files.ts";
import { machineConfigYaml } from "../../../src/render/talos/machine-config.ts";
import type { LabSecrets } from "../../../src/secrets/types.ts";
import { labWorld } from "../../fakes/lab-world.ts";
import { fixtureSecrets } from "../../fakes/secrets.ts";
import { describeWithTools, isRoot, ROOT, type ToolRequirement } from "../../support/tools.ts";

const how = "scripts/install-test-tools.sh";
/** stdin/stdout <-> TCP host:port (argv 1 and 2), run inside the namespace. */
const RELAY =
  'const s = require("node:net").connect(Number(process.argv[2]), process.argv[1]); process.stdin.pipe(s); s.pipe(process.stdout); s.on("close", () => process.exit(0)); s.on("error", (e) => { console.error(e.message); process.exit(1); });';
const TOOLS: ToolRequirement[] = [
  { name: "ip", how: `${how} (iproute2), run as root`, probe: isRoot },
  { name: "dnsmasq", how: `${how} (10-debian.sh)` },
  { name: "matchbox", how: `${how} (31-matchbox.sh)` },
  { name: "docker-registry", how: `${how} (10-debian.sh)` },
  { name: "curl", how: `${how} (10-debian.sh)` },
  {
    name: "busybox",
    how: `${how} (10-debian.sh: busybox-static; 40-boot-payload.sh: the Debian cloud kernel)`,
    probe: () => existsSync(join(ROOT, ".tools/boot-payload/amd64/vmlinuz")),
  },
];

describeWithTools(TOOLS, "wake's bastion and configs steps on the rehearsal's bastion (network namespace)", () => {
  const lab = loadLab(join(ROOT, "examples/local.lab.yaml"));
  const plan = lab.plan;
  let secrets: LabSecrets;
  let p: Prepared;
  let env: Environment;
  let scratch = "";

  beforeAll(async () => {
    secrets = await fixtureSecrets();
    scratch = mkdtempSync(join(tmpdir(), "moonlab-wake-bastion-"));
    // dnsmasq drops root and must still reach its TFTP root below here.
    chmodSync(scratch, 0o755);
    p = await stageRehearsal(lab, secrets, { workDir: join(scratch, "rehearsal") });
    // A freshly booted bastion has no machine configs: they are secret and pushed by wake.
    for (const f of bastionSecretFiles(plan, secrets)) rmSync(rebase(p.staged.root, f.host), { force: true });
    env = await bringUp(p.netns, p.staged, {
      bastionAddress: plan.bastion.address,
      prefixLength: plan.network.prefixLength,
      ipv6: plan.network.ipv6,
      taps: 0,
    });
  }, 120_000);

  afterAll(async () => {
    await env?.down();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  const context = () => {
    const { world, ctx } = labWorld(plan, secrets, join(scratch, "world"));
    world.bastionRunning = true;
    // Reads and commands as the live checks see the rehearsal's bastion (`docker logs` -> the service's log file);
    // writes through LocalBastion under the same root.
    const local = new LocalBastion({ root: p.staged.root, netns: p.netns });
    const view = localBastionPort(p.netns, p.staged.root, new Map(p.staged.services.map((s) => [s.name, s.logFile])));
    const bastion = {
      exec: (c: string) => view.exec(c),
      readFile: (f: string) => view.readFile(f),
      resolve: (n: string) => view.resolve(n),
      writeFile: (f: string, c: string, m: number) => local.writeFile(f, c, m),
    };
    return { ...ctx, bastion, http: netnsHttpPort(p.netns), state: {} };
  };

  it("finds the services healthy, delivers the configs that matchbox then serves, and resumes as done", async () => {
    const first = await runGraph(bringUpSteps("home"), context(), { until: "configs" });
    expect(first.steps.map((s) => `${s.id}:${s.status}`)).toEqual(["bastion:already-done", "configs:done"]);
    expect(first.steps[0]?.evidence.join(" ")).toMatch(/services answer \(matchbox, registry/);
    const http = netnsHttpPort(p.netns);
    for (const n of plan.nodes) {
      const r = await http.get(configUrl(plan, n));
      expect(r.status, n.name).toBe(200);
      expect(r.body, n.name).toBe(machineConfigYaml(plan, n, secrets));
    }
    // Those requests are what the booting step reports for a node whose Talos API does not answer yet.
    expect([...(await matchboxSeen(context()))].sort()).toEqual(plan.nodes.map((n) => n.name).sort());
    const again = await runGraph(bringUpSteps("home"), context(), { until: "configs" });
    expect(again.steps.map((s) => s.status)).toEqual(["already-done", "already-done"]);
  }, 120_000);

  it("pushes the lab's own images into the bastion's real registry through a forward into the lab network", async () => {
    // The forwarder stands where SSH's forwardOut stands on AWS: a stream to host:port as the bastion sees it, here a
    // relay process inside the rehearsal's namespace.
    const forward: Forwarder = async (host, port) => {
      const child = spawn("ip", ["netns", "exec", p.netns, process.execPath, "-e", RELAY, host, String(port)], {
        stdio: ["pipe", "pipe", "inherit"],
      });
      return Duplex.from({ readable: child.stdout, writable: child.stdin });
    };
    const labImages = wakeLabImages(plan, forward, { demoLayout: join(scratch, "no-demo-build") });
    const first = await runGraph(bringUpSteps("home"), { ...context(), labImages }, { until: "lab-images" });
    expect(first.steps.map((s) => `${s.id}:${s.status}`)).toEqual([
      "bastion:already-done",
      "configs:already-done",
      "lab-images:done",
    ]);
    const evidence = first.steps[2]?.evidence.join(" ") ?? "";
    expect(evidence).toMatch(/missing or stale in the lab registry .*moonlab\/moonlander:0\.1\.0@sha256:/);
    expect(evidence).toMatch(/pushed .*moonlab\/moonlander:0\.1\.0@sha256:\w+ \(2 blobs uploaded, 0 there\)/);
    expect(evidence).toMatch(/left out: the demo app \(no layout at .*no-demo-build/);
    // The registry itself lists the tag (read inside the namespace, not through our client).
    const tags = await netnsHttpPort(p.netns).get(
      `http://${plan.bastion.address}:${plan.services.registry.port}/v2/moonlab/moonlander/tags/list`,
    );
    expect(JSON.parse(tags.body)).toEqual({ name: "moonlab/moonlander", tags: ["0.1.0"] });
    const again = await runGraph(bringUpSteps("home"), { ...context(), labImages }, { until: "lab-images" });
    expect(again.steps.map((s) => s.status)).toEqual(["already-done", "already-done", "already-done"]);
  }, 180_000);

  it("a stopped matchbox fails the bastion step, naming it", async () => {
    const mb = env.running.get("matchbox");
    if (!mb) throw new Error("matchbox is not running");
    await killGroup(mb);
    const e = await runGraph(bringUpSteps("home"), context(), { until: "bastion" }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(StepFailedError);
    expect((e as StepFailedError).step).toBe("bastion");
    expect((e as StepFailedError).evidence.join(" ")).toMatch(/matchbox http:\/\/[\d.]+:\d+\/boot\.ipxe/);
  }, 60_000);
});
