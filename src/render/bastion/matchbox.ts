// The matchbox data dir: one group per node (selector {node} on AWS, {mac} at home/local) and its profile with the
// Talos kernel + initramfs of the node's group schematic, served from matchbox's /assets so nodes need no internet.
// matchbox binds a generic template (the machine config) to a profile, not to a group (storage/storagepb), so a
// per-node config needs a per-node profile; the profiles of one group share the same kernel and initramfs files.
import type { Plan, PlanNode } from "../../plan/types.ts";
import { oneWord } from "../line-safe.ts";
import { talosDefaultKernelArgs } from "../talos/kernel-args.ts";
import { schematicFor } from "../talos/schematic.ts";

export interface MatchboxProfile {
  readonly id: string;
  readonly name: string;
  readonly boot: { readonly kernel: string; readonly initrd: readonly string[]; readonly args: readonly string[] };
  readonly generic_id: string;
}

export interface MatchboxGroup {
  readonly id: string;
  readonly name: string;
  readonly profile: string;
  readonly selector: Readonly<Record<string, string>>;
  readonly metadata: Readonly<Record<string, string>>;
}

export interface BootAsset {
  /** Path under matchbox's assets dir, e.g. talos/v1.13.6/<schematic>/kernel-arm64. */
  readonly path: string;
  /** Where the bastion downloads it from (the Image Factory). */
  readonly url: string;
  readonly group: string;
  readonly kind: "kernel" | "initramfs" | "cmdline";
}

/** The boot assets of every group that has nodes, in group order, deduplicated by path. */
export function bootAssets(plan: Plan): BootAsset[] {
  const out: BootAsset[] = [];
  const seen = new Set<string>();
  for (const group of ["gateway", "compute"] as const) {
    if (!plan.nodes.some((n) => n.group === group)) continue;
    const s = schematicFor(plan, group);
    const dir = `talos/${plan.talos.version}/${s.id}`;
    const files: [BootAsset["kind"], string][] = [
      ["kernel", s.urls.kernel],
      ["initramfs", s.urls.initramfs],
      ["cmdline", s.urls.cmdline],
    ];
    for (const [kind, url] of files) {
      const path = `${dir}/${url.slice(url.lastIndexOf("/") + 1)}`;
      if (seen.has(path)) continue;
      seen.add(path);
      out.push({ path, url, group, kind });
    }
  }
  return out;
}

function assetOf(plan: Plan, node: PlanNode, kind: "kernel" | "initramfs"): string {
  const a = bootAssets(plan).find((x) => x.group === node.group && x.kind === kind);
  if (!a) throw new Error(`no ${kind} asset for group ${node.group}`);
  return `/assets/${a.path}`;
}

/** `k=v&k=v` of a selector, keys sorted: the query that makes matchbox pick this node's group. */
export function selectorQuery(selector: Readonly<Record<string, string>>): string {
  return Object.keys(selector)
    .sort()
    .map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(selector[k] ?? "")}`)
    .join("&");
}

/** The URL a node fetches its machine config from (matchbox renders the node's generic template). */
export function configUrl(plan: Plan, node: PlanNode): string {
  return `${plan.services.matchbox.url}/generic?${selectorQuery(node.selector)}`;
}

/** The serial console: Graviton instances and x86 machines use ttyS0, arm64 boards and qemu virt use ttyAMA0. */
export function serialConsole(plan: Plan): string {
  return plan.target !== "aws" && plan.arch === "arm64" ? "ttyAMA0" : "ttyS0";
}

/** Kernel args that every Talos netboot needs (Talos kernel reference: required + KSPP, and cmdline-metal). */
export const REQUIRED_ARGS = ["talos.platform=metal", "slab_nomerge", "pti=on", "init_on_alloc=1"] as const;

export function kernelArgs(plan: Plan, node: PlanNode): string[] {
  return [
    // The EFI stub finds the initrd iPXE loaded by this name (the basename of its URL).
    `initrd=initramfs-${plan.arch}.xz`,
    "talos.platform=metal",
    "console=tty0",
    `console=${serialConsole(plan)}`,
    // Talos's own defaults for the version (a table per minor, checked against Talos's imager code).
    ...talosDefaultKernelArgs(plan),
    `talos.config=${configUrl(plan, node)}`,
  ];
}

export const genericId = (node: PlanNode): string => `${node.name}.yaml`;

export function profileOf(plan: Plan, node: PlanNode): MatchboxProfile {
  return {
    id: node.name,
    name: `${node.name}: Talos ${plan.talos.version} ${plan.arch}, ${node.group} schematic`,
    boot: {
      kernel: assetOf(plan, node, "kernel"),
      initrd: [assetOf(plan, node, "initramfs")],
      // One word each: a space would add a kernel parameter (the command line is space-separated).
      args: kernelArgs(plan, node).map((a) => oneWord(a, `kernel argument of ${node.name}`)),
    },
    generic_id: genericId(node),
  };
}

export function groupOf(node: PlanNode): MatchboxGroup {
  return {
    id: node.name,
    name: node.name,
    profile: node.name,
    selector: { ...node.selector },
    metadata: { address: node.address, group: node.group, hostname: node.hostname, role: node.role },
  };
}

/**
 * A machine config as a matchbox generic template. matchbox renders generic templates with Go text/template, so a
 * literal `{{` would start an action; `{{"{{"}}` prints it back (FACTS.md: a literal `{{` breaks a served config).
 */
export function genericTemplate(config: string): string {
  return config.replace(/\{\{/g, '{{"{{"}}');
}
