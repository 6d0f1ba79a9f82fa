// MachinesPort on AWS: the bastion is the Auto Scaling group's one instance (desired 1), the nodes are instances
// run from their launch templates (the same calls as `moonlab wake --bastion-only` and the scheduled actions).

import type { MachineState, MachinesPort } from "../../ports/machines.ts";
import { NODE_TAG } from "../../render/aws/names.ts";
import type { LifecycleContext } from "../context.ts";
import { bastionGroup, labInstances, tagOf } from "../nodes.ts";
import { setBastion, startNodes } from "../sleep-wake.ts";

const RUNNING = new Set(["pending", "running"]);

export function awsMachines(ctx: LifecycleContext): MachinesPort {
  return {
    async bastion(): Promise<MachineState> {
      const g = await bastionGroup(ctx);
      if (!g) return { running: false, detail: "no bastion Auto Scaling group (run `moonlab up`)" };
      const instances = await labInstances(ctx, "bastion");
      const live = instances.find((i) => RUNNING.has(i.State?.Name ?? ""));
      return live
        ? { running: true, detail: `${live.InstanceId} ${live.State?.Name} (group desired ${g.DesiredCapacity})` }
        : { running: false, detail: `group ${g.AutoScalingGroupName} desired ${g.DesiredCapacity}, no instance yet` };
    },
    async startBastion() {
      return `bastion group ${await setBastion(ctx, 1)} desired 1`;
    },
    async nodes() {
      const instances = await labInstances(ctx, "node");
      const out: Record<string, MachineState> = {};
      for (const n of ctx.plan.nodes) {
        const i = instances.find((x) => tagOf(x, NODE_TAG) === n.name && RUNNING.has(x.State?.Name ?? ""));
        const any = i ?? instances.find((x) => tagOf(x, NODE_TAG) === n.name);
        out[n.name] = {
          running: i !== undefined,
          detail: any ? `${any.InstanceId} ${any.State?.Name}` : "no instance",
        };
      }
      return out;
    },
    async startNodes(names) {
      const r = await startNodes(ctx, names);
      return r.map((n) => `${n.name} ${n.action} ${n.instance}`).join(", ") || "nothing to start";
    },
  };
}
