// The talos artifact family: per-node machine configs, the talosconfig, and the Image Factory schematics per group.
// Without Talos secrets (a caller that renders without them) only the schematics are rendered.

import type { Artifact } from "../../artifacts/artifact.ts";
import type { Group } from "../../plan/types.ts";
import type { Renderer } from "../renderer.ts";
import { machineConfigYaml } from "./machine-config.ts";
import { schematicFor } from "./schematic.ts";
import { talosconfigYaml } from "./talosconfig.ts";

export const GROUPS: readonly Group[] = ["compute", "gateway"];

/** Machine configs and talosconfig hold private keys: owner-only. */
const SECRET_MODE = 0o600;

export function machineConfigPath(nodeName: string): string {
  return `talos/${nodeName}.yaml`;
}

export const renderTalos: Renderer = (plan, secrets) => {
  const out: Artifact[] = [];
  const summary: Record<string, unknown> = {};
  for (const group of GROUPS) {
    const s = schematicFor(plan, group);
    // Exact bytes: the file is what the factory hashes (POST it to /schematics and get the same ID), so no header.
    out.push({ path: `talos/schematics/${group}.yaml`, content: s.yaml, header: false });
    summary[group] = {
      arch: plan.arch,
      extensions: [...s.extensions],
      id: s.id,
      talosVersion: plan.talos.version,
      urls: {
        cmdline: s.urls.cmdline,
        initramfs: s.urls.initramfs,
        installer: s.urls.installer,
        kernel: s.urls.kernel,
      },
    };
  }
  out.push({ path: "talos/schematics.json", content: `${JSON.stringify(summary, null, 2)}\n` });
  const talos = secrets.talos;
  if (!talos) return out;
  for (const node of [...plan.nodes].sort((a, b) => a.name.localeCompare(b.name))) {
    out.push({
      path: machineConfigPath(node.name),
      content: machineConfigYaml(plan, node, secrets),
      mode: SECRET_MODE,
    });
  }
  out.push({ path: "talos/talosconfig", content: talosconfigYaml(plan, talos), mode: SECRET_MODE });
  return out;
};
