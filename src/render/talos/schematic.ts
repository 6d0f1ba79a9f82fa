// Image Factory schematics per node group, their IDs computed offline as the factory does, and the asset URLs.
// The factory's ID is hex(sha256(yaml)) of the schematic marshalled with Go yaml (4-space indent, struct field order,
// empty fields omitted); see siderolabs/image-factory pkg/schematic/schematic.go and ../shared/docs/FACTS.md.
import { createHash } from "node:crypto";
import { parse } from "yaml";
import { UsageError } from "../../errors.ts";
import type { Group, Plan } from "../../plan/types.ts";
import { type GoMap, type GoValue, goYaml } from "./go-yaml.ts";
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

/**
 * The factory's Schematic struct (siderolabs/image-factory v1.5.0, pkg/schematic/schematic.go), every field, in
 * the struct's field order. `owner` is accepted by the factory's parser (the public factory then refuses it as
 * Enterprise-only; the ID is still defined).
 */
export interface SchematicDoc {
  readonly owner?: string;
  readonly overlay?: { readonly image?: string; readonly name?: string; readonly options?: Record<string, GoValue> };
  readonly customization?: {
    readonly embeddedMachineConfiguration?: string;
    readonly extraKernelArgs?: readonly string[];
    /** Initial META contents (key 0-255), e.g. key 10 = metal network config. */
    readonly meta?: readonly { readonly key: number; readonly value: string }[];
    readonly systemExtensions?: { readonly officialExtensions?: readonly string[] };
    /** imageropts.BootloaderKind: none (omitted), dual-boot, sd-boot, grub. */
    readonly bootloader?: string;
    readonly secureboot?: { readonly enrollKeys?: string; readonly includeWellKnownCertificates?: boolean };
    readonly diskImage?: { readonly sectorSize?: number };
  };
}

/** The image factory version whose schematic format and ID vectors this follows. */
export const IMAGE_FACTORY_VERSION = "v1.5.0";
export const BOOTLOADERS = ["none", "dual-boot", "sd-boot", "grub"] as const;

export const FACTORY_HOST = "factory.talos.dev";

/** The struct as Go yaml sees it: Maps in field order, `omitempty` fields left out when zero. */
function toGo(doc: SchematicDoc): GoMap {
  const out = new Map<string, GoValue>();
  if (doc.owner) out.set("owner", doc.owner);
  const o = doc.overlay ?? {};
  const options = o.options ?? {};
  if (o.image || o.name || Object.keys(options).length > 0) {
    const overlay = new Map<string, GoValue>([
      ["image", o.image ?? ""],
      ["name", o.name ?? ""],
    ]);
    if (Object.keys(options).length > 0) overlay.set("options", options);
    out.set("overlay", overlay);
  }
  const c = doc.customization ?? {};
  const cust = new Map<string, GoValue>();
  if (c.embeddedMachineConfiguration) cust.set("embeddedMachineConfiguration", c.embeddedMachineConfiguration);
  if (c.extraKernelArgs?.length) cust.set("extraKernelArgs", [...c.extraKernelArgs]);
  if (c.meta?.length)
    cust.set(
      "meta",
      c.meta.map(
        (m) =>
          new Map<string, GoValue>([
            ["key", m.key],
            ["value", m.value],
          ]),
      ),
    );
  const exts = c.systemExtensions?.officialExtensions ?? [];
  if (exts.length > 0) cust.set("systemExtensions", new Map([["officialExtensions", [...exts]]]));
  if (c.bootloader && c.bootloader !== "none") cust.set("bootloader", c.bootloader);
  const sb = new Map<string, GoValue>();
  if (c.secureboot?.enrollKeys) sb.set("enrollKeys", c.secureboot.enrollKeys);
  if (c.secureboot?.includeWellKnownCertificates) sb.set("includeWellKnownCertificates", true);
  if (sb.size > 0) cust.set("secureboot", sb);
  if (c.diskImage?.sectorSize) cust.set("diskImage", new Map([["sectorSize", c.diskImage.sectorSize]]));
  out.set("customization", cust);
  return out;
}

/**
 * Marshals a schematic like the factory (go.yaml.in/yaml/v4 `yaml.Marshal`): 4-space indent, sequences indented
 * under their key, fields in struct order, empty fields omitted, an empty customization as `customization: {}`.
 */
export function marshalSchematic(doc: SchematicDoc): string {
  return goYaml(toGo(doc));
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
        `schematic field ${where}${k} is unknown to the Image Factory ${IMAGE_FACTORY_VERSION} (known: ${allowed.join(", ")})`,
      );
}

function mapping(v: unknown, where: string): Record<string, unknown> {
  if (v === undefined || v === null) return {};
  if (!isObj(v)) throw new UsageError(`${where} must be a mapping`);
  return v;
}

function strings(v: unknown, where: string): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string"))
    throw new UsageError(`${where} must be a list of strings`);
  return v as string[];
}

function str(v: unknown, where: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw new UsageError(`${where} must be a string`);
  return v;
}

function uint(v: unknown, where: string, max: number): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > max)
    throw new UsageError(`${where} must be an integer from 0 to ${max}`);
  return v;
}

/** Any YAML value as Go's `any` holds it (maps with string keys, lists, scalars). */
function anyValue(v: unknown, where: string): GoValue {
  if (v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  if (Array.isArray(v)) return v.map((x, i) => anyValue(x, `${where}[${i}]`));
  if (isObj(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, anyValue(x, `${where}.${k}`)]));
  throw new UsageError(`${where}: unsupported value`);
}

/** Parses a schematic strictly, as the factory's Unmarshal does (KnownFields: unknown fields are an error). */
export function parseSchematic(text: string): SchematicDoc {
  let o: unknown;
  try {
    o = parse(text);
  } catch (e) {
    throw new UsageError(`the schematic is not valid YAML: ${(e as Error).message}`);
  }
  const doc = mapping(o, "a schematic");
  only(doc, ["owner", "overlay", "customization"], "");
  const overlay = mapping(doc.overlay, "overlay");
  only(overlay, ["image", "name", "options"], "overlay.");
  const c = mapping(doc.customization, "customization");
  only(
    c,
    [
      "embeddedMachineConfiguration",
      "extraKernelArgs",
      "meta",
      "systemExtensions",
      "bootloader",
      "secureboot",
      "diskImage",
    ],
    "customization.",
  );
  const se = mapping(c.systemExtensions, "customization.systemExtensions");
  only(se, ["officialExtensions"], "customization.systemExtensions.");
  const sb = mapping(c.secureboot, "customization.secureboot");
  only(sb, ["enrollKeys", "includeWellKnownCertificates"], "customization.secureboot.");
  const di = mapping(c.diskImage, "customization.diskImage");
  only(di, ["sectorSize"], "customization.diskImage.");
  if (c.meta !== undefined && c.meta !== null && !Array.isArray(c.meta))
    throw new UsageError("customization.meta must be a list of {key, value}");
  const meta = ((c.meta as unknown[] | undefined | null) ?? []).map((m, i) => {
    const where = `customization.meta[${i}]`;
    const e = mapping(m, where);
    only(e, ["key", "value"], `${where}.`);
    return { key: uint(e.key, `${where}.key`, 255) ?? 0, value: str(e.value, `${where}.value`) ?? "" };
  });
  const bootloader = str(c.bootloader, "customization.bootloader");
  const canonical = BOOTLOADERS.find((b) => b === bootloader?.toLowerCase());
  if (bootloader !== undefined && !canonical)
    throw new UsageError(`customization.bootloader must be one of ${BOOTLOADERS.join(", ")}, not ${bootloader}`);
  const wellKnown = sb.includeWellKnownCertificates;
  if (wellKnown !== undefined && wellKnown !== null && typeof wellKnown !== "boolean")
    throw new UsageError("customization.secureboot.includeWellKnownCertificates must be true or false");
  const options = mapping(overlay.options, "overlay.options");
  const args = strings(c.extraKernelArgs, "customization.extraKernelArgs");
  const exts = strings(se.officialExtensions, "customization.systemExtensions.officialExtensions");
  const sectorSize = uint(di.sectorSize, "customization.diskImage.sectorSize", Number.MAX_SAFE_INTEGER);
  const owner = str(doc.owner, "owner");
  const image = str(overlay.image, "overlay.image");
  const name = str(overlay.name, "overlay.name");
  const embedded = str(c.embeddedMachineConfiguration, "customization.embeddedMachineConfiguration");
  const enrollKeys = str(sb.enrollKeys, "customization.secureboot.enrollKeys");
  return {
    ...(owner ? { owner } : {}),
    overlay: {
      ...(image !== undefined ? { image } : {}),
      ...(name !== undefined ? { name } : {}),
      options: anyValue(options, "overlay.options") as Record<string, GoValue>,
    },
    customization: {
      ...(embedded !== undefined ? { embeddedMachineConfiguration: embedded } : {}),
      ...(args ? { extraKernelArgs: args } : {}),
      meta,
      ...(exts ? { systemExtensions: { officialExtensions: exts } } : {}),
      ...(canonical ? { bootloader: canonical } : {}),
      secureboot: {
        ...(enrollKeys !== undefined ? { enrollKeys } : {}),
        ...(wellKnown === true ? { includeWellKnownCertificates: true } : {}),
      },
      ...(sectorSize !== undefined ? { diskImage: { sectorSize } } : {}),
    },
  };
}

/**
 * The factory's ID of any schematic YAML: like the factory, parse strictly (unknown fields are an error), then
 * marshal the struct again and hash that, so comments, key order and indentation of the input do not matter.
 */
export function schematicIdOfText(text: string): string {
  return schematicId(marshalSchematic(parseSchematic(text)));
}
