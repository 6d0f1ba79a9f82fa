// TalosPort: the Talos API of the lab's nodes (talosctl or the gRPC API, when the user has access).
export interface TalosPort {
  /** `talosctl health`-style verdict for the cluster. */
  health(): Promise<{ readonly ok: boolean; readonly detail: string }>;
  /** Names of the system extensions installed on a node (by address). */
  extensions(node: string): Promise<readonly string[]>;
  /** Service id -> state ("Running", ...) on a node. */
  services(node: string): Promise<Readonly<Record<string, string>>>;
}
