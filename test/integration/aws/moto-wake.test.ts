// `moonlab wake` on AWS against moto: the machine steps (bastion Auto Scaling group, node instances from their launch
// templates) are real EC2/Auto Scaling API calls to moto on 127.0.0.1; the bastion is a LocalBastion over a temp
// dir, talosctl/kubectl answer with recorded-shape output and Kubernetes is a fake KubePort (test/fakes/lab-world.ts),
// because neither Talos nor a cluster runs here. Then sleep, and a second session from bare machines.

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateImageCommand, RunInstancesCommand, TerminateInstancesCommand } from "@aws-sdk/client-ec2";
import { expect, it } from "vitest";
import { textOf } from "../../../src/artifacts/artifact.ts";
import { awsMachines } from "../../../src/lifecycle/bring-up/aws-machines.ts";
import { bringUpSteps } from "../../../src/lifecycle/bring-up/graph.ts";
import { lifecycleContext } from "../../../src/lifecycle/context.ts";
import { down } from "../../../src/lifecycle/down.ts";
import { sleep } from "../../../src/lifecycle/sleep-wake.ts";
import { status } from "../../../src/lifecycle/status.ts";
import { runGraph } from "../../../src/lifecycle/step-graph.ts";
import { up } from "../../../src/lifecycle/up.ts";
import { loadLab } from "../../../src/plan/load-lab.ts";
import type { MachinesPort } from "../../../src/ports/machines.ts";
import { renderAws, TEMPLATE_PATH } from "../../../src/render/aws/index.ts";
import { labWorld } from "../../fakes/lab-world.ts";
import { fixtureSecrets } from "../../fakes/secrets.ts";
import { useMotoSuite } from "../../support/moto-suite.ts";
import { describeWithTools } from "../../support/tools.ts";

describeWithTools(
  [{ name: "moto_server", how: "scripts/install-test-tools.sh (20-python.sh)" }],
  "wake on moto",
  () => {
    const moto = useMotoSuite();

    it("wakes the lab step by step, resumes as a no-op, sleeps, and the next session bootstraps a fresh cluster", async () => {
      const lab = loadLab(undefined);
      const plan = lab.plan;
      const template = textOf(renderAws(plan, {}, { emulator: true }).find((a) => a.path === TEMPLATE_PATH) as never);
      const lctx = lifecycleContext(plan, { endpointUrl: moto.endpoint, pollMs: 100 });
      const run = await lctx.aws.ec2.send(
        new RunInstancesCommand({ ImageId: "ami-0e9271c829888680e", MinCount: 1, MaxCount: 1 }),
      );
      const id = run.Instances?.[0]?.InstanceId as string;
      await lctx.aws.ec2.send(new CreateImageCommand({ InstanceId: id, Name: "iPXE (2026-01-02) (arm64)" }));
      await lctx.aws.ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
      expect((await up(lctx, { template, amiOwner: "self" })).status).toBe("CREATE_COMPLETE");
      expect((await status(lctx)).bastion.desired).toBe(0);

      const { world, ctx } = labWorld(plan, await fixtureSecrets(), mkdtempSync(join(tmpdir(), "moonlab-moto-wake-")));
      // Machines are moto's; the simulated bastion and nodes follow what the EC2 API says runs.
      const aws = awsMachines(lctx);
      const machines: MachinesPort = {
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
