// A tiny OCI image the rehearsal pushes into the lab registry (every cache's upstream inside the namespace) so the
// booted payload can pull it through each cache from its own address: the caches then log real manifest and blob
// pulls from the node, which is what t04/caches-pulled-by-nodes reads (Talos nodes pull their images the same way).
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { run } from "./proc.ts";

export const SEED_REPOSITORY = "moonlab/rehearse-seed";
export const SEED_TAG = "v1";
const MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";

export interface SeedImage {
  readonly repository: string;
  readonly tag: string;
  readonly manifest: Buffer;
  readonly manifestType: string;
  readonly blobs: readonly { readonly digest: string; readonly data: Buffer }[];
}

const digestOf = (b: Buffer): string => `sha256:${createHash("sha256").update(b).digest("hex")}`;

/** Config + one layer (a gzip'd empty tar) + manifest; byte-stable. */
export function seedImage(): SeedImage {
  const layer = gzipSync(Buffer.alloc(1024), { level: 9 });
  const diffId = digestOf(Buffer.alloc(1024));
  const config = Buffer.from(
    JSON.stringify({
      architecture: "amd64",
      os: "linux",
      config: { Labels: { "org.opencontainers.image.title": "moonlab rehearse seed" } },
      rootfs: { type: "layers", diff_ids: [diffId] },
    }),
  );
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MANIFEST_TYPE,
      config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: digestOf(config), size: config.length },
      layers: [
        { mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: digestOf(layer), size: layer.length },
      ],
    }),
  );
  return {
    repository: SEED_REPOSITORY,
    tag: SEED_TAG,
    manifest,
    manifestType: MANIFEST_TYPE,
    blobs: [
      { digest: digestOf(config), data: config },
      { digest: digestOf(layer), data: layer },
    ],
  };
}

/** What the payload GETs through one cache: the manifest by tag, then every blob by digest. */
export function pullRequests(cacheUrl: string, img: SeedImage): { url: string; accept: string }[] {
  const base = `${cacheUrl}/v2/${img.repository}`;
  return [
    { url: `${base}/manifests/${img.tag}`, accept: img.manifestType },
    ...img.blobs.map((b) => ({ url: `${base}/blobs/${b.digest}`, accept: "*/*" })),
  ];
}

/** Pushes the image to a registry (the monolithic upload of the distribution API) with curl inside the namespace. */
export async function pushSeedImage(netns: string, registryUrl: string, img: SeedImage, dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const curl = (args: string[]) => run("curl", ["-sS", "--max-time", "10", ...args], 15_000, netns);
  // One PUT of a file's bytes, answering the HTTP status on stdout (blobs and the manifest alike).
  const putFile = (file: string, contentType: string, url: string) =>
    curl([
      "-o",
      "/dev/null",
      "-w",
      "%{http_code}",
      "-X",
      "PUT",
      "-H",
      `Content-Type: ${contentType}`,
      "--data-binary",
      `@${file}`,
      url,
    ]);
  for (const b of img.blobs) {
    const started = await curl([
      "-D",
      "-",
      "-o",
      "/dev/null",
      "-X",
      "POST",
      `${registryUrl}/v2/${img.repository}/blobs/uploads/`,
    ]);
    const location = /^location:\s*(\S+)/im.exec(started.stdout)?.[1];
    if (!location)
      throw new Error(`registry ${registryUrl} gave no upload location: ${started.stdout}${started.stderr}`);
    const file = join(dir, b.digest.replace(":", "-"));
    writeFileSync(file, b.data);
    const url = new URL(location, registryUrl);
    url.searchParams.set("digest", b.digest);
    const put = await putFile(file, "application/octet-stream", url.href);
    if (put.stdout.trim() !== "201") throw new Error(`blob upload ${b.digest} answered ${put.stdout} ${put.stderr}`);
  }
  const mf = join(dir, "manifest.json");
  writeFileSync(mf, img.manifest);
  const put = await putFile(mf, img.manifestType, `${registryUrl}/v2/${img.repository}/manifests/${img.tag}`);
  if (put.stdout.trim() !== "201") throw new Error(`manifest upload answered ${put.stdout} ${put.stderr}`);
}
