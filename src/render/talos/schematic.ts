// Image Factory schematics per node group, their IDs computed offline as the factory does, and the asset URLs.
// OWNED BY THE TALOS ISSUE (#5): placeholder signatures so other families can import them; it throws until implemented.
import type { Group, Plan } from "../../plan/types.ts";

export interface Schematic {
  readonly group: Group;
  /** The schematic YAML exactly as the factory hashes it. */
  readonly yaml: string;
  /** hex(sha256(yaml)). */
  readonly id: string;
  readonly extensions: readonly string[];
  readonly urls: {
    /** https://factory.talos.dev/image/<id>/<version>/kernel-<arch> */
    readonly kernel: string;
    /** .../initramfs-<arch>.xz */
    readonly initramfs: string;
    /** .../cmdline-metal-<arch> */
    readonly cmdline: string;
    /** factory.talos.dev/metal-installer/<id>:<version> */
    readonly installer: string;
  };
}

export function schematicFor(_plan: Plan, _group: Group): Schematic {
  throw new Error("schematicFor is not implemented yet (Talos issue #5)");
}
