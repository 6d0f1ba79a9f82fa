// The operator's connection for a wake: the path to the bastion (src/plan/bastion-access.ts: the operator's own key,
// or a session key pushed over SSM or SSH), the bastion port on it, and the tunnel to the lab's Talos and Kubernetes
// APIs through it. Every operator connection of the bring-up rides on this one bastion connection.
import type { AwsClients } from "../adapters/aws/clients.ts";
import type { LocalBastion } from "../adapters/bastion/local.ts";
import { SshBastion } from "../adapters/bastion/ssh.ts";
import { bastionFor, type LiveOptions } from "../adapters/live-ports.ts";
import { ConnectProxyTunnel, type Forwarder } from "../adapters/tunnel/connect-proxy.ts";
import type { BastionAccess } from "../plan/bastion-access.ts";
import { KUBERNETES_API_PORT, TALOS_API_PORT } from "../plan/ports.ts";
import type { Plan } from "../plan/types.ts";
import type { Tunnel } from "../ports/operator.ts";

export interface WakeConnection {
  readonly bastion: SshBastion | LocalBastion;
  /** Streams to a lab-subnet host:port through the bastion; undefined when moonlab runs on the lab's LAN. */
  readonly forward: Forwarder | undefined;
  /** Opens the tunnel once (on first use, after the bastion runs); the same one afterwards. */
  tunnel(): Promise<Tunnel>;
  /** Closes the tunnel, then the bastion connection and its transport (the SSM session). */
  close(): Promise<void>;
}

export function wakeConnection(
  plan: Plan,
  access: BastionAccess,
  options: Pick<LiveOptions, "sshKey" | "endpointUrl" | "keyless">,
  clients?: AwsClients,
): WakeConnection {
  const bastion = bastionFor(plan, access, options, clients);
  let tunnel: Promise<Tunnel> | undefined;
  const forward: Forwarder | undefined = bastion instanceof SshBastion ? (h, p) => bastion.forwardOut(h, p) : undefined;
  return {
    bastion,
    forward,
    tunnel() {
      if (tunnel) return tunnel;
      const allowed = plan.nodes.flatMap((n) =>
        [TALOS_API_PORT, KUBERNETES_API_PORT].map((port) => ({ host: n.address, port })),
      );
      // Over SSH port forwarding when the bastion is remote; none when moonlab runs on the lab's LAN.
      tunnel = forward ? new ConnectProxyTunnel(forward).open(allowed) : Promise.resolve({ close: async () => {} });
      return tunnel;
    },
    async close() {
      if (tunnel) await (await tunnel).close();
      if (bastion instanceof SshBastion) await bastion.close();
    },
  };
}
