// MachinesPort: powering the lab's machines. On AWS the bastion's Auto Scaling group and the node instances; at
// home the bastion is yours to power and the nodes are woken with Wake-on-LAN (or by hand).

export interface MachineState {
  /** True when the machine is running (or booting: AWS "pending"). */
  readonly running: boolean;
  /** What the provider said (instance id and state, "Wake-on-LAN sent", ...). */
  readonly detail: string;
}

export interface MachinesPort {
  bastion(): Promise<MachineState>;
  /** Starts the bastion; returns what was done. */
  startBastion(): Promise<string>;
  /** Node name -> state, for every node of the plan. */
  nodes(): Promise<Readonly<Record<string, MachineState>>>;
  /** Starts the named nodes; returns what was done. */
  startNodes(names: readonly string[]): Promise<string>;
}
