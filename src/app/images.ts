// moonlab images: the lab's image inventory, the architecture of each image read from its registry (directly, or
// through the bastion's caches when the lab is up), the gaps named by acknowledgement id; and `images push`, which
// copies the spec's substitutes into the lab registry with skopeo.
import { spawnSync } from "node:child_process";
import type { Via } from "../adapters/registry/oci-distribution.ts";
import { OciDistributionPort, registryEndpoints } from "../adapters/registry/oci-distribution.ts";
import { ArtifactTree } from "../artifacts/tree.ts";
import { UsageError } from "../errors.ts";
import type { Plan } from "../plan/types.ts";
import type { BastionPort } from "../ports/bastion.ts";
import type { RegistryPort } from "../ports/registry.ts";
import { renderFamily } from "../render/families.ts";
import { architectureReport, type ImageArch, openGaps } from "../render/images/architecture.ts";
import { imageInventory } from "../render/images/inventory.ts";

export type { Via } from "../adapters/registry/oci-distribution.ts";
export { registryEndpoints };

export interface ImagesReport {
  readonly lab: string;
  readonly arch: string;
  readonly via: Via;
  readonly images: readonly ImageArch[];
  readonly open: readonly ImageArch[];
  readonly notes: readonly string[];
}

/** Every image unreadable because its registry was unreachable: nothing was verified (exit 3, not 1). */
export const nothingReachable = (r: ImagesReport): boolean =>
  r.images.length > 0 && r.images.every((i) => i.status === "unreadable" && /unreachable/.test(i.error ?? ""));

/** Parses repeated `--endpoint host=url` options. */
export function parseEndpoints(list: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of list) {
    const m = /^([^=\s]+)=(https?:\/\/\S+)$/.exec(e);
    if (!m)
      throw new UsageError(`--endpoint ${e}: expected host=http(s)://address, e.g. ghcr.io=http://10.10.0.100:5054`);
    out[m[1] as string] = m[2] as string;
  }
  return out;
}

export interface ImagesOptions {
  readonly via?: Via;
  readonly endpoints?: Readonly<Record<string, string>>;
  /** Only components starting with this prefix (bastion/, cozystack/system/kilo, ...). */
  readonly only?: string;
  /** A port to read through instead of the OCI distribution adapter (tests). */
  readonly port?: RegistryPort;
}

export async function imagesReport(plan: Plan, options: ImagesOptions = {}): Promise<ImagesReport> {
  const via = options.via ?? "direct";
  // The inventory needs the bastion services and the GitOps tree only: no secrets (machine configs are not read).
  const tree = new ArtifactTree([...renderFamily("bastion", plan, {}), ...renderFamily("gitops", plan, {})]);
  const inventory = imageInventory(plan, tree);
  const images = inventory.images.filter((i) => options.only === undefined || i.component.startsWith(options.only));
  const port =
    options.port ??
    new OciDistributionPort({
      endpoints: registryEndpoints(plan, via, options.endpoints),
      throughLab: via === "bastion",
    });
  const report = await architectureReport(plan, images, port, { substitutesFromLab: via === "bastion" });
  return { lab: plan.lab, arch: plan.arch, via, images: report, open: openGaps(report), notes: inventory.notes };
}

const STATUS: Record<ImageArch["status"], string> = {
  "has-arch": "ok",
  substituted: "ok (substituted)",
  "missing-arch": "MISSING",
  "substitute-missing-arch": "MISSING (substitute too)",
  unreadable: "UNREADABLE",
};

/** The report as text: a table by component, then the gaps with their acknowledgement ids. */
export function formatImagesReport(r: ImagesReport): string {
  const lines: string[] = [];
  lines.push(
    `moonlab images: ${r.images.length} images of lab ${r.lab} checked for linux/${r.arch} (${r.via === "bastion" ? "through the bastion's caches and lab registry" : "directly from their registries"})`,
    "",
  );
  const rows = r.images.map((i) => [
    i.component,
    i.substitute ? `${i.image} -> ${i.substitute}` : i.image,
    i.platforms.length > 0 ? i.platforms.join(" ") : (i.error ?? "-"),
    STATUS[i.status] + (i.acknowledged !== undefined ? " (acknowledged)" : ""),
  ]);
  const head = ["component", "image", "platforms", "status"];
  const widths = head.map((h, k) => Math.min(80, Math.max(h.length, ...rows.map((row) => (row[k] ?? "").length))));
  const fmt = (row: string[]) =>
    row
      .map((c, k) => (k < row.length - 1 ? c.padEnd(widths[k] ?? 0) : c))
      .join("  ")
      .trimEnd();
  lines.push(fmt(head));
  let last = "";
  for (const row of rows) {
    const group = (row[0] ?? "").split("/")[0] ?? "";
    if (last !== "" && group !== last) lines.push("");
    last = group;
    lines.push(fmt(row));
  }
  const gaps = r.images.filter((i) => i.gapId !== undefined);
  lines.push(
    "",
    `${r.images.filter((i) => i.status === "has-arch").length} have linux/${r.arch}, ${r.images.filter((i) => i.status === "substituted").length} substituted, ${gaps.length} gaps (${gaps.length - r.open.length} acknowledged, ${r.open.length} open)`,
  );
  if (r.open.length > 0) {
    lines.push("", "Open gaps: acknowledge each by id with a reason, or substitute the image (docs/images.md):");
    const byId = new Map<string, ImageArch[]>();
    for (const g of r.open) byId.set(g.gapId ?? "", [...(byId.get(g.gapId ?? "") ?? []), g]);
    for (const [id, gs] of byId) {
      const g = gs[0] as ImageArch;
      lines.push(
        `  - id: ${id}    # ${gs.map((x) => x.component).join(", ")}: ${g.image} [${g.platforms.join(" ") || g.error}]`,
      );
    }
  }
  for (const n of r.notes) lines.push(`note: ${n}`);
  return `${lines.join("\n")}\n`;
}

export interface PushResult {
  readonly image: string;
  readonly replacement: string;
  readonly delivered: string;
}

/** Runs one program with its arguments and reports how it ended (locally, or on the bastion). */
export type Runner = (argv: readonly string[]) => Promise<{ code: number; stdout: string; stderr: string }>;

export const localRunner: Runner = async (argv) => {
  const [cmd = "", ...args] = argv;
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  if (r.error) return { code: 127, stdout: "", stderr: r.error.message };
  return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
};

/** POSIX single-quoting, so every argument reaches the bastion's shell as one word. */
const shq = (a: string): string => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`);

/** Runs on the bastion through its port (SSH, or the local host when moonlab runs on the bastion). */
export const bastionRunner =
  (bastion: BastionPort): Runner =>
  (argv) =>
    bastion.exec(argv.map(shq).join(" "));

/**
 * Copies every substitute into the lab registry with skopeo (all platforms of an index), under the name the nodes'
 * mirrors ask for. Runs where the lab registry is reachable: on the bastion (bastionRunner), or here with `to`
 * naming the registry's address from here (a tunnel, a test registry).
 */
export async function pushSubstitutes(
  plan: Plan,
  options: {
    readonly to?: string;
    readonly skopeo?: string;
    readonly srcTlsVerify?: boolean;
    readonly run?: Runner;
  } = {},
): Promise<PushResult[]> {
  const lab = new URL(plan.services.registry.url).host;
  const run = options.run ?? localRunner;
  const out: PushResult[] = [];
  for (const s of plan.images.substitutions) {
    const delivered = options.to ? s.delivered.replace(`${lab}/`, `${options.to}/`) : s.delivered;
    const r = await run([
      options.skopeo ?? "skopeo",
      "--insecure-policy",
      "copy",
      "--all",
      "--dest-tls-verify=false",
      ...(options.srcTlsVerify === false ? ["--src-tls-verify=false"] : []),
      `docker://${s.replacement}`,
      `docker://${delivered}`,
    ]);
    // 127: the shell (or spawn) found no such program.
    if (r.code === 127)
      throw new UsageError(
        `skopeo is needed where the copy runs (apt-get install skopeo / dnf install skopeo): ${r.stderr.trim()}`,
      );
    if (r.code !== 0)
      throw new UsageError(`skopeo copy ${s.replacement} -> ${delivered} failed: ${(r.stderr || r.stdout).trim()}`);
    out.push({ image: s.image, replacement: s.replacement, delivered });
  }
  return out;
}
