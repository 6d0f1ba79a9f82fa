// Image Factory schematics per node group, their IDs computed offline as the factory does, and the asset URLs.
// The factory's ID is hex(sha256(yaml)) of the schematic marshalled with Go yaml (4-space indent, struct field order,
// empty fields omitted); see siderolabs/image-factory pkg/schematic/schematic.go and ../shared/docs/FACTS.md.
import { createHash } from "node:crypto";
import { parse } from "yaml";
import { UsageError } from "../../errors.ts";
import type { Group, Plan } from "../../plan/types.ts";
import { installedExtraKernelArgs } from "./kernel-args.ts";

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

/** The subset of the factory's Schematic struct moonlab writes, in the struct's field order. */
export interface SchematicDoc {
  readonly overlay?: { readonly image?: string; readonly name?: string };
  readonly customization?: {
    readonly extraKernelArgs?: readonly string[];
    readonly systemExtensions?: { readonly officialExtensions?: readonly string[] };
  };
}

export const FACTORY_HOST = "factory.talos.dev";

/**
 * Marshals a schematic like Go yaml (gopkg.in/yaml.v3 with SetIndent(4), which the factory uses): 4-space indent,
 * sequences indented under their key, fields in struct order, empty fields omitted, and an empty customization
 * written as `customization: {}` (the factory's own vector).
 */
export function marshalSchematic(doc: SchematicDoc): string {
  const lines: string[] = [];
  const overlay = doc.overlay ?? {};
  if (overlay.image || overlay.name) {
    lines.push("overlay:");
    if (overlay.image) lines.push(`    image: ${scalar(overlay.image)}`);
    if (overlay.name) lines.push(`    name: ${scalar(overlay.name)}`);
  }
  const c = doc.customization ?? {};
  const args = c.extraKernelArgs ?? [];
  const exts = c.systemExtensions?.officialExtensions ?? [];
  if (args.length === 0 && exts.length === 0) {
    lines.push("customization: {}");
  } else {
    lines.push("customization:");
    if (args.length > 0) {
      lines.push("    extraKernelArgs:");
      for (const a of args) lines.push(`        - ${scalar(a)}`);
    }
    if (exts.length > 0) {
      lines.push("    systemExtensions:");
      lines.push("        officialExtensions:");
      for (const e of exts) lines.push(`            - ${scalar(e)}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/** Words Go yaml would read back as another type, so it quotes them. */
const NON_STRING =
  /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|0x[0-9a-fA-F_]+|0o?[0-7_]+|0b[01_]+)$/;

/** Go yaml emits a plain scalar when it can, otherwise double-quoted. */
function scalar(s: string): string {
  const plainSafe = /^[A-Za-z0-9_./][A-Za-z0-9_./=,+@-]*(?::[A-Za-z0-9_./=,+@-]+)*$/.test(s);
  if (plainSafe && !NON_STRING.test(s)) return s;
  return JSON.stringify(s);
}

export function schematicId(yaml: string): string {
  return createHash("sha256").update(yaml, "utf8").digest("hex");
}

/** The asset URLs that follow from a schematic ID, a Talos version and an architecture. */
export function factoryUrls(id: string, version: string, arch: string): Schematic["urls"] {
  const base = `https://${FACTORY_HOST}/image/${id}/${version}`;
  return {
    kernel: `${base}/kernel-${arch}`,
    initramfs: `${base}/initramfs-${arch}.xz`,
    cmdline: `${base}/cmdline-metal-${arch}`,
    // metal-installer/<id> is the factory's installer path since Talos 1.10 (FACTS.md).
    installer: `${FACTORY_HOST}/metal-installer/${id}:${version}`,
  };
}

/** The group's schematic: its extensions in the spec's order (order is part of the ID), and the installed system's
 * extra kernel arguments (console=ttyS0 on AWS, kernel-args.ts). */
export function schematicFor(plan: Plan, group: Group): Schematic {
  const extensions = [...plan.groups[group].extensions];
  const extraKernelArgs = installedExtraKernelArgs(plan);
  const yaml = marshalSchematic({
    customization: { extraKernelArgs, systemExtensions: { officialExtensions: extensions } },
  });
  const id = schematicId(yaml);
  return { group, yaml, id, extensions, urls: factoryUrls(id, plan.talos.version, plan.arch) };
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function only(o: Record<string, unknown>, allowed: readonly string[], where: string): void {
  for (const k of Object.keys(o))
    if (!allowed.includes(k))
      throw new UsageError(
        `schematic field ${where}${k} is unknown or not supported by moonlab's offline ID (supported: ${allowed.join(", ")})`,
      );
}

function strings(v: unknown, where: string): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string"))
    throw new UsageError(`${where} must be a list of strings`);
  return v as string[];
}

/**
 * The factory's ID of any schematic YAML: like the factory, parse strictly (unknown fields are an error), then
 * marshal the struct again and hash that, so comments, key order and indentation of the input do not matter.
 */
export function schematicIdOfText(text: string): string {
  const o = parse(text) as unknown;
  const doc = o === null || o === undefined ? {} : o;
  if (!isObj(doc)) throw new UsageError("a schematic is a YAML mapping");
  only(doc, ["overlay", "customization"], "");
  const overlay = doc.overlay ?? {};
  const c = doc.customization ?? {};
  if (!isObj(overlay) || !isObj(c)) throw new UsageError("overlay and customization must be mappings");
  only(overlay, ["image", "name"], "overlay.");
  only(c, ["extraKernelArgs", "systemExtensions"], "customization.");
  const se = c.systemExtensions ?? {};
  if (!isObj(se)) throw new UsageError("customization.systemExtensions must be a mapping");
  only(se, ["officialExtensions"], "customization.systemExtensions.");
  const args = strings(c.extraKernelArgs, "customization.extraKernelArgs");
  const exts = strings(se.officialExtensions, "customization.systemExtensions.officialExtensions");
  return schematicId(
    marshalSchematic({
      overlay: {
        ...(typeof overlay.image === "string" ? { image: overlay.image } : {}),
        ...(typeof overlay.name === "string" ? { name: overlay.name } : {}),
      },
      customization: {
        ...(args ? { extraKernelArgs: args } : {}),
        ...(exts ? { systemExtensions: { officialExtensions: exts } } : {}),
      },
    }),
  );
}
