// The architecture report over an image inventory: which platforms each image's index (or single manifest) has,
// read through a RegistryPort, and which lack the lab's architecture. A gap is named by an acknowledgement id
// (image.no-<arch>:<registry>/<repository>) so the spec accepts exactly that gap, or it is substituted.
import { formatImageName, imageRepository, manifestReference, parseImageName } from "../../lib/image-name.ts";
import type { Arch, Plan, PlanSubstitution } from "../../plan/types.ts";
import type { RegistryPort } from "../../ports/registry.ts";
import type { InventoryImage } from "./inventory.ts";

export type ImageStatus = "has-arch" | "missing-arch" | "substituted" | "substitute-missing-arch" | "unreadable";

export interface ImageArch extends InventoryImage {
  readonly status: ImageStatus;
  /** os/arch[/variant] of every manifest the index lists (attestation entries left out). */
  readonly platforms: readonly string[];
  /** Where the manifest was read (a cache, the lab registry, the upstream). */
  readonly endpoint: string;
  /** The acknowledgement id of this gap (missing-arch, substitute-missing-arch, unreadable). */
  readonly gapId?: string;
  /** The spec's reason when the gap is acknowledged. */
  readonly acknowledged?: string;
  /** The replacement checked instead of the image (substitutions). */
  readonly substitute?: string;
  readonly error?: string;
}

const INDEX_TYPES = new Set([
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
]);

interface Platform {
  readonly os?: string;
  readonly architecture?: string;
  readonly variant?: string;
}

const platformText = (p: Platform): string =>
  `${p.os ?? "?"}/${p.architecture ?? "?"}${p.variant ? `/${p.variant}` : ""}`;

/** The platforms of one image: an index lists them; a single manifest's config names its own. */
export async function platformsOf(
  port: RegistryPort,
  image: string,
): Promise<{ platforms: string[]; endpoint: string } | { error: string; endpoint: string }> {
  const name = parseImageName(image);
  if (!name) return { error: `not an image reference: ${image}`, endpoint: "" };
  const endpoint = port.endpointOf(name.registry);
  const m = await port.manifest(name.registry, name.repository, manifestReference(name));
  if (!m) return { error: `manifest ${manifestReference(name)} not found`, endpoint };
  const doc = JSON.parse(new TextDecoder().decode(m.bytes)) as {
    mediaType?: string;
    manifests?: { platform?: Platform; annotations?: Record<string, string> }[];
    config?: { digest: string };
  };
  const mediaType = m.mediaType || doc.mediaType || "";
  if (INDEX_TYPES.has(mediaType) || Array.isArray(doc.manifests)) {
    const platforms = (doc.manifests ?? [])
      // BuildKit's attestation manifests are listed as unknown/unknown (docker.com reference.type annotation).
      .filter((d) => d.platform && d.platform.architecture !== "unknown")
      .map((d) => platformText(d.platform as Platform));
    return { platforms: [...new Set(platforms)].sort(), endpoint };
  }
  if (!doc.config) return { error: `manifest of media type ${mediaType} has no config`, endpoint };
  const config = JSON.parse(
    new TextDecoder().decode(await port.blob(name.registry, name.repository, doc.config.digest)),
  ) as Platform;
  return { platforms: [platformText(config)], endpoint };
}

/** Whether a platform list runs on the lab's arch: linux/<arch>, or a WebAssembly artifact (any arch runs it). */
export function runsOn(platforms: readonly string[], arch: Arch): boolean {
  return platforms.some((p) => p.startsWith(`linux/${arch}`) || /^wasi[^/]*\/wasm/i.test(p));
}

export const gapIdOf = (arch: Arch, image: string): string => {
  const n = parseImageName(image);
  return `image.no-${arch}:${n ? imageRepository(n) : image}`;
};

/** The id acknowledging an image whose platforms could not be read (a private registry, say). */
export const unverifiedIdOf = (image: string): string => {
  const n = parseImageName(image);
  return `image.unverified:${n ? imageRepository(n) : image}`;
};

/** The substitution the plan makes for an image (same repository and tag), if any. */
export function substitutionFor(plan: Plan, image: string): PlanSubstitution | undefined {
  const n = parseImageName(image);
  if (!n) return undefined;
  const key = formatImageName({ registry: n.registry, repository: n.repository, ...(n.tag ? { tag: n.tag } : {}) });
  return plan.images.substitutions.find((s) => s.image === key);
}

export interface ReportOptions {
  /** Read substitutes where the nodes will (the lab registry) rather than at the replacement's own registry. */
  readonly substitutesFromLab?: boolean;
  /** Concurrent manifest reads (default 8). */
  readonly concurrency?: number;
}

export async function architectureReport(
  plan: Plan,
  images: readonly InventoryImage[],
  port: RegistryPort,
  options: ReportOptions = {},
): Promise<ImageArch[]> {
  const one = async (i: InventoryImage): Promise<ImageArch> => {
    const sub = substitutionFor(plan, i.image);
    const target = sub ? (options.substitutesFromLab ? sub.delivered : sub.replacement) : i.image;
    let r: Awaited<ReturnType<typeof platformsOf>>;
    try {
      r = await platformsOf(port, target);
    } catch (e) {
      r = { error: e instanceof Error ? e.message : String(e), endpoint: "" };
    }
    const gapId = gapIdOf(plan.arch, i.image);
    const ack = plan.acknowledgements[gapId];
    const unverifiedId = unverifiedIdOf(i.image);
    const unverifiedAck = plan.acknowledgements[unverifiedId];
    const base = { ...i, endpoint: r.endpoint, ...(sub ? { substitute: target } : {}) };
    if ("error" in r)
      return {
        ...base,
        status: "unreadable",
        platforms: [],
        gapId: unverifiedId,
        error: r.error,
        ...(unverifiedAck !== undefined ? { acknowledged: unverifiedAck } : {}),
      };
    const ok = runsOn(r.platforms, plan.arch);
    if (ok) return { ...base, status: sub ? "substituted" : "has-arch", platforms: r.platforms };
    return {
      ...base,
      status: sub ? "substitute-missing-arch" : "missing-arch",
      platforms: r.platforms,
      gapId,
      ...(ack !== undefined ? { acknowledged: ack } : {}),
    };
  };
  // A small pool: registries rate-limit anonymous clients, and the report has a few hundred images.
  const out: ImageArch[] = new Array(images.length);
  let next = 0;
  const worker = async () => {
    while (next < images.length) {
      const k = next++;
      out[k] = await one(images[k] as InventoryImage);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 8, images.length) }, worker));
  return out;
}

/** Gaps the spec neither substitutes nor acknowledges: what blocks the lab. */
export const openGaps = (report: readonly ImageArch[]): ImageArch[] =>
  report.filter((r) => r.gapId !== undefined && r.acknowledged === undefined);
