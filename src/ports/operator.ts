// OperatorPort: the programs moonlab shells out to on the operator's machine (talosctl, kubectl, helm, bash for the
// rendered bootstrap script) and the tunnel through the bastion they talk through. The bring-up steps see the
// world only through this port, so tests replay recorded talosctl/kubectl output instead of a cluster.

/** Programs the bring-up runs; `bash` runs the rendered gitops/bootstrap/install.sh. */
export type OperatorTool = "talosctl" | "kubectl" | "helm" | "bash" | "session-manager-plugin";

export interface OperatorRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface OperatorPort {
  /** Runs a tool with arguments; `env` is added to the operator's environment. Never throws for a non-zero exit. */
  run(
    tool: OperatorTool,
    args: readonly string[],
    options?: { readonly env?: Readonly<Record<string, string>>; readonly timeoutMs?: number },
  ): Promise<OperatorRun>;
  /** The tool's version line (e.g. "v1.13.6"), or undefined when the tool is not installed. */
  version(tool: OperatorTool): Promise<string | undefined>;
}

/** A destination the tunnel may reach: a lab node address and one of the API ports (50000, 6443). */
export interface TunnelTarget {
  readonly host: string;
  readonly port: number;
}

export interface Tunnel {
  /**
   * `http://127.0.0.1:PORT`: an HTTP CONNECT proxy on loopback (HTTPS_PROXY for talosctl, proxy-url for kubectl);
   * undefined when the operator reaches the lab directly (moonlab running on the home lab's LAN or bastion).
   */
  readonly proxyUrl?: string;
  close(): Promise<void>;
}

export interface TunnelPort {
  /** Opens a loopback proxy that forwards only to `allowed`, through the bastion. */
  open(allowed: readonly TunnelTarget[]): Promise<Tunnel>;
}
