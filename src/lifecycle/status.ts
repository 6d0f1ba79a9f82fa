// `moonlab status`: the stack, the bastion group and its schedule, and every node (with what a spot interruption
// would do to it).
import { NODE_TAG, ROLE_TAG, stackName } from "../render/aws/names.ts";
import type { LifecycleContext } from "./context.ts";
import { bastionGroup, labInstances, tagOf } from "./nodes.ts";
import { describeStack } from "./stack-state.ts";

export interface LabStatus {
  readonly stack: string;
  readonly stackStatus: string;
  readonly bastion: { readonly group?: string; readonly desired?: number; readonly instances: readonly string[] };
  readonly nodes: readonly {
    readonly name: string;
    readonly role: string;
    readonly address: string;
    readonly purchase: string;
    readonly state: string;
    readonly instance?: string;
    readonly note?: string;
  }[];
}

/** What a spot interruption does, per role; shown for spot nodes. */
export function spotNote(role: "controlplane" | "worker", controlPlanes: number): string {
  if (role === "worker")
    return "spot: an interruption terminates this worker; its pods reschedule, `moonlab wake` relaunches it";
  return controlPlanes === 1
    ? "spot: an interruption terminates the only control plane: the API and etcd are gone until `moonlab wake` relaunches it, and the cluster must be bootstrapped again (its disk is deleted with it)"
    : "spot: an interruption terminates this control plane: etcd loses a member (quorum holds while a majority runs); `moonlab wake` relaunches it and it must rejoin";
}

export async function status(ctx: LifecycleContext): Promise<LabStatus> {
  const stack = await describeStack(ctx);
  const g = stack ? await bastionGroup(ctx) : undefined;
  const inst = stack ? await labInstances(ctx) : [];
  const cps = ctx.plan.nodes.filter((n) => n.role === "controlplane").length;
  return {
    stack: stackName(ctx.plan.lab),
    stackStatus: stack?.StackStatus ?? "absent",
    bastion: {
      ...(g?.AutoScalingGroupName ? { group: g.AutoScalingGroupName } : {}),
      ...(g?.DesiredCapacity !== undefined ? { desired: g.DesiredCapacity } : {}),
      instances: inst
        .filter((i) => tagOf(i, ROLE_TAG) === "bastion")
        .map((i) => `${i.InstanceId} ${i.State?.Name} ${i.PrivateIpAddress ?? ""}`.trim()),
    },
    nodes: ctx.plan.nodes.map((n) => {
      const i = inst.find((x) => tagOf(x, NODE_TAG) === n.name);
      return {
        name: n.name,
        role: n.role,
        address: n.address,
        purchase: i?.InstanceLifecycle === "spot" ? "spot" : n.purchase,
        state: i?.State?.Name ?? "asleep (no instance)",
        ...(i?.InstanceId ? { instance: i.InstanceId } : {}),
        ...(n.purchase === "spot" ? { note: spotNote(n.role, cps) } : {}),
      };
    }),
  };
}

export function statusLines(s: LabStatus, plan: LifecycleContext["plan"]): string[] {
  const sch = plan.bastion.schedule;
  return [
    `stack ${s.stack}: ${s.stackStatus}`,
    `bastion ${plan.bastion.address}: group ${s.bastion.group ?? "-"} desired ${s.bastion.desired ?? "-"}; schedule ${sch.start}-${sch.stop} ${sch.timeZone} ${sch.days.join(",")}`,
    ...s.bastion.instances.map((i) => `  instance ${i}`),
    ...s.nodes.flatMap((n) => [
      `node ${n.name} ${n.role} ${n.address} ${n.purchase}: ${n.state}${n.instance ? ` ${n.instance}` : ""}`,
      ...(n.note ? [`  ${n.note}`] : []),
    ]),
  ];
}
