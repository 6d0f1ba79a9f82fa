// MachinesPort at home: the bastion is a machine you run (its state is whether its services answer, the bastion
// step's own probe), and nodes are woken with a Wake-on-LAN packet to each MAC when a broadcast address is given,
// or by your hand when not (the nodes step then waits for their Talos API).
import { LabError } from "../../errors.ts";
import type { Plan } from "../../plan/types.ts";
import type { MachinesPort } from "../../ports/machines.ts";

export interface HomeMachinesOptions {
  /** Broadcast address for Wake-on-LAN (e.g. 10.17.13.255); without it nodes are powered on by hand. */
  readonly wolBroadcast?: string;
  readonly send: (mac: string, broadcast: string) => Promise<void>;
  readonly log: (line: string) => void;
}

export function homeMachines(plan: Plan, o: HomeMachinesOptions): MachinesPort {
  return {
    async bastion() {
      return { running: true, detail: "home bastion (powered by you)" };
    },
    async startBastion() {
      throw new LabError("the home bastion is not running its services: power it on and start them", 3);
    },
    async nodes() {
      // Whether a home node runs is only known from its Talos API (the nodes step probes that).
      return Object.fromEntries(
        plan.nodes.map((n) => [n.name, { running: false, detail: "unknown until it answers" }]),
      );
    },
    async startNodes(names) {
      const nodes = plan.nodes.filter((n) => names.includes(n.name));
      if (o.wolBroadcast === undefined) {
        o.log(`power on ${nodes.map((n) => `${n.name} (${n.mac ?? "no MAC"})`).join(", ")}: waiting for them to boot`);
        return "asked you to power the nodes on";
      }
      const sent: string[] = [];
      for (const n of nodes) {
        if (!n.mac) throw new LabError(`node ${n.name} has no mac in the spec: Wake-on-LAN needs it`, 2);
        await o.send(n.mac, o.wolBroadcast);
        sent.push(`${n.name} ${n.mac}`);
      }
      return `Wake-on-LAN to ${o.wolBroadcast}: ${sent.join(", ")}`;
    },
  };
}
