// The lab's secrets as renderers see them (decrypted, in memory only). The Talos issue defines the bundle.
export interface LabSecrets {
  /** Talos secrets bundle (talosctl gen secrets layout); undefined until generated. */
  readonly talos?: unknown;
}
