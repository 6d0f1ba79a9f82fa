// Builds the real port implementations for `moonlab test --live` from command-line options. Each family's issue
// adds its adapter here; a port left out makes its live checks not-applicable with instructions.

import type { Ports } from "../checks/ports/ports.ts";
import type { Plan } from "../plan/types.ts";

export interface LiveOptions {
  /** AWS API endpoint override (an emulator such as moto). */
  readonly endpointUrl?: string;
  readonly kubeconfig?: string;
  readonly talosconfig?: string;
  /** Probe SSH reachability of the bastion (T02), only when asked. */
  readonly probeSsh?: boolean;
}

export async function createLivePorts(_plan: Plan, _options: LiveOptions): Promise<Partial<Ports>> {
  return {};
}
