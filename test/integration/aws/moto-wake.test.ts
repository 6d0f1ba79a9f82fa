// `moonlab wake` on AWS against moto: the machine steps (bastion Auto Scaling group, node instances from their launch
// templates) are real EC2/Auto Scaling API calls to moto on 127.0.0.1; the bastion is a LocalBastion over a temp
// dir, talosctl/kubectl answer with recorded-shape output and Kubernetes is a fake KubePort (test/fakes/lab-world.ts),
// because neither Talos nor a cluster runs here. Then sleep, and a second session from bare machines.

import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { CreateImageCommand, RunInstancesCommand, TerminateInstancesCommand } from "@aws-sdk/client-ec2";
import { afterAll, expect, it } from "vitest";
import { awsKeylessAccess } from "../../../src/adapters/aws/keyless-access.ts";
import { wakeConnection } from "../../../src/app/wake-connection.ts";
import { textOf } from "../../../src/artifacts/artifact.ts";
import { awsMachines } from "../../../src/lifecycle/bring-up/aws-machines.ts";
import { bringUpSteps } from "../../../src/lifecycle/bring-up/graph.ts";
import { type LifecycleContext, lifecycleContext } from "../../../src/lifecycle/context.ts";
import { down } from "../../../src/lifecycle/down.ts";
import { sleep } from "../../../src/lifecycle/sleep-wake.ts";
import { status } from "../../../src/lifecycle/status.ts";
import { runGraph } from "../../../src/lifecycle/step-graph.ts";
import { up } from "../../../src/lifecycle/up.ts";
import { chooseBastionAccess } from "../../../src/plan/bastion-access.ts";
import { loadLab } from "../../../src/plan/load-lab.ts";
import type { Plan } from "../../../src/plan/types.ts";
import type { MachinesPort } from "../../../src/ports/machines.ts";
import { renderAws, TEMPLATE_PATH } from "../../../src/render/aws/index.ts";
import { bastionSecretFiles } from "../../../src/render/bastion/secret-files.ts";
import { labWorld, type World } from "../../fakes/lab-world.ts";
import { fixtureSecrets } from "../../fakes/secrets.ts";
import { recordPushes, withFakeSsm } from "../../support/keyless-over-moto.ts";
import { useMotoSuite } from "../../support/moto-suite.ts";
import { type RealSshd, startRealSshd } from "../../support/real-sshd.ts";
import { describeWithTools, isRoot, ROOT } from "../../support/tools.ts";

/** `moonlab up` on moto: an iPXE AMI registered as the lab's boot image, the rendered stack created, asleep. */
async function upOnMoto(lctx: LifecycleContext, plan: Plan): Promise<void> {
  const template = textOf(renderAws(plan, {}, { emulator: true }).find((a) => a.path === TEMPLATE_PATH) as never);
  const run = await lctx.aws.ec2.send(
    new RunInstancesCommand({ ImageId: "ami-0e9271c829888680e", MinCount: 1, MaxCount: 1 }),
  );
  const id = run.Instances?.[0]?.InstanceId as string;
  await lctx.aws.ec2.send(new CreateImageCommand({ InstanceId: id, Name: "iPXE (2026-01-02) (arm64)" }));
  await lctx.aws.ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
  expect((await up(lctx, { template, amiOwner: "self" })).status).toBe("CREATE_COMPLETE");
  expect((await status(lctx)).bastion.desired).toBe(0);
}

/** moto's machines, with the simulated bastion and nodes following what the EC2 API says runs. */
function mirrored(aws: MachinesPort, world: World): MachinesPort {
  return {
    async bastion() {
      const s = await aws.bastion();
      world.bastionRunning = s.running;
      return s;
    },
    startBastion: () => aws.startBastion(),
    async nodes() {
      const s = await aws.nodes();
      world.nodesRunning = new Set(
        Object.entries(s)
          .filter(([, v]) => v.running)
          .map(([k]) => k),
      );
      return s;
    },
    startNodes: (names) => aws.startNodes(names),
  };
}

describeWithTools(
  [{ name: "moto_server", how: "scripts/install-test-tools.sh (20-python.sh)" }],
  "wake on moto",
  () => {
    const moto = useMotoSuite();

    it("wakes the lab step by step, resumes as a no-op, sleeps, and the next session bootstraps a fresh cluster", async () => {
      const lab = loadLab(undefined);
      const plan = lab.plan;
      const lctx = lifecycleContext(plan, { endpointUrl: moto.endpoint, pollMs: 100 });
      await upOnMoto(lctx, plan);

      const { world, ctx } = labWorld(plan, await fixtureSecrets(), mkdtempSync(join(tmpdir(), "moonlab-moto-wake-")));
      // Machines are moto's; the simulated bastion and nodes follow what the EC2 API says runs.
      const machines = mirrored(awsMachines(lctx), world);
      const steps = bringUpSteps("aws");
      const first = await runGraph(steps, { ...ctx, machines });
      expect(first.steps.map((s) => s.status)).toEqual(steps.map(() => "done"));
      const s1 = await status(lctx);
      expect(s1.bastion.desired).toBe(1);
      expect(s1.nodes.map((n) => n.state)).toEqual(plan.nodes.map(() => "running"));
      expect(first.steps.find((s) => s.id === "nodes")?.evidence.join(" ")).toMatch(/launched/);
      const timings = first.steps.map((s) => `${s.id} ${s.status} ${s.ms.toFixed(0)} ms`).join("\n");
      process.stderr.write(`wake on moto (first session):\n${timings}\ntotal ${first.totalMs.toFixed(0)} ms\n`);

      // A second wake changes nothing in AWS and re-runs only the suite.
      const again = await runGraph(steps, { ...ctx, machines, state: {} });
      expect(again.steps.filter((s) => s.status === "done").map((s) => s.id)).toEqual(["acceptance"]);
      expect((await status(lctx)).nodes.length).toBe(plan.nodes.length);

      // Sleep terminates the nodes: the next session starts from bare machines and bootstraps a new etcd once.
      await sleep(lctx);
      world.etcd = false;
      world.cozystack = false;
      expect((await status(lctx)).bastion.desired).toBe(0);
      const second = await runGraph(steps, { ...ctx, machines, state: {} });
      expect(second.steps.find((s) => s.id === "etcd")?.status).toBe("done");
      expect(second.steps.find((s) => s.id === "configs")?.status).toBe("already-done");
      expect(world.etcdBootstraps).toBe(2);
      expect((await down(lctx)).remaining).toEqual([]);
    }, 240_000);
  },
);

// The default lab (no --bastion-ssh, no SSH source): wake's first two steps over the keyless path. Machines are
// MOTO's (the bastion group starts an instance); the bastion connection is the real wake wiring (wakeConnection):
// the bastion found and the session key pushed against MOTO, StartSession on a FAKE SSM endpoint (moto has none),
// the session-manager-plugin STAND-IN relaying to a REAL sshd chrooted into a busybox root that plays the bastion's
// disk and accepts only the pushed key. The services' health answers come from the simulated world (no bastion
// services run here). "configs delivered" means the machine configs are on that sshd's disk.
describeWithTools(
  [
    { name: "moto_server", how: "scripts/install-test-tools.sh (20-python.sh)" },
    { name: "sshd", how: "apt-get install openssh-server (scripts/test-tools/10-debian.sh), as root", probe: isRoot },
    { name: "busybox", how: "apt-get install busybox-static (scripts/test-tools/10-debian.sh)" },
  ],
  "wake on moto over the keyless path (real sshd, plugin stand-in, fake SSM endpoint)",
  () => {
    const moto = useMotoSuite();
    let sshd: RealSshd | undefined;
    afterAll(() => sshd?.stop());

    it("the default lab wakes past 'configs delivered' with no --bastion-ssh and no SSH source", async () => {
      const lab = loadLab(undefined);
      const access = chooseBastionAccess(lab.plan, {});
      expect(access.kind).toBe("ssm");
      // No ec2-user on this machine: the sshd logs in the user running the test.
      const plan = { ...lab.plan, bastion: { ...lab.plan.bastion, sshUser: userInfo().username } };
      const lctx = lifecycleContext(plan, { endpointUrl: moto.endpoint, pollMs: 100 });
      await upOnMoto(lctx, plan);

      sshd = await startRealSshd({ chroot: true });
      const live = sshd;
      const pushed = recordPushes(lctx.aws, (k) => live.push(k.user, k.publicKey));
      const ssm = withFakeSsm(lctx.aws, () => `tcp://127.0.0.1:${live.port}`);
      const connection = wakeConnection(
        plan,
        chooseBastionAccess(plan, {}),
        {
          endpointUrl: moto.endpoint,
          keyless: { plugin: join(ROOT, "test/fakes/session-manager-plugin-stand-in.mjs") },
        },
        ssm.clients,
      );
      const secrets = await fixtureSecrets();
      const { world, ctx } = labWorld(plan, secrets, mkdtempSync(join(tmpdir(), "moonlab-moto-keyless-")));
      const machines = mirrored(awsMachines(lctx), world);
      try {
        const report = await runGraph(
          bringUpSteps("aws"),
          { ...ctx, machines, bastion: connection.bastion },
          { until: "configs" },
        );
        expect(report.steps.map((s) => `${s.id}:${s.status}`)).toEqual(["bastion:done", "configs:done"]);
        // Each machine config is on the sshd's disk, byte for byte.
        for (const f of bastionSecretFiles(plan, secrets))
          expect(readFileSync(join(live.root as string, f.host), "utf8"), f.host).toBe(f.content);
      } finally {
        await connection.close();
      }
      const bastionId = (await awsKeylessAccess(lctx.aws, plan.lab).findBastion()).instanceId;
      expect(pushed.map((k) => `${k.instanceId} ${k.user} ${k.publicKey.split(" ")[0]}`)).toEqual([
        `${bastionId} ${userInfo().username} ssh-ed25519`,
      ]);
      expect(ssm.calls.map((c) => `${c.target} ${JSON.stringify(c.body)}`)).toEqual([
        `AmazonSSM.StartSession {"Target":"${bastionId}","DocumentName":"AWS-StartSSHSession","Parameters":{"portNumber":["22"]}}`,
        'AmazonSSM.TerminateSession {"SessionId":"moonlab-test-1"}',
      ]);
      expect(live.log()).toMatch(/Accepted publickey/);
      expect((await down(lctx)).remaining).toEqual([]);
    }, 240_000);
  },
);
