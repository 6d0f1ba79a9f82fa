// An OCI image layout directory (image-spec image-layout.md): `oci-layout`, `index.json` naming the manifest by
// `org.opencontainers.image.ref.name`, and every blob under blobs/sha256/<hex>. skopeo reads it as oci:<dir>:<ref>,
// and `moonlab demo push` and `moonlab moonlander push` push from it.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "../errors.ts";
import { digestHex, sha256Digest } from "./digest.ts";
import type { BuiltImage } from "./file-image.ts";
import { type Blob, type Descriptor, MEDIA_TYPES, type OciManifest } from "./spin-artifact.ts";

export const REF_NAME_ANNOTATION = "org.opencontainers.image.ref.name";

export interface OciIndex {
  readonly schemaVersion: 2;
  readonly manifests: readonly (Descriptor & { readonly annotations?: Readonly<Record<string, string>> })[];
}

/** Writes the artifact as an image layout in `dir` (created if needed), tagged `refName`. Returns the files written. */
export function writeOciLayout(dir: string, artifact: BuiltImage, refName: string): string[] {
  mkdirSync(join(dir, "blobs/sha256"), { recursive: true });
  const written: string[] = [];
  const put = (rel: string, bytes: Uint8Array | string): void => {
    writeFileSync(join(dir, rel), bytes);
    written.push(rel);
  };
  for (const b of [artifact.config, ...artifact.layers]) put(`blobs/sha256/${digestHex(b.digest)}`, b.bytes);
  put(`blobs/sha256/${digestHex(artifact.manifestDigest)}`, artifact.manifestBytes);
  put("oci-layout", `${JSON.stringify({ imageLayoutVersion: "1.0.0" })}\n`);
  const index: OciIndex = {
    schemaVersion: 2,
    manifests: [
      {
        mediaType: MEDIA_TYPES.manifest,
        digest: artifact.manifestDigest,
        size: artifact.manifestBytes.byteLength,
        annotations: { [REF_NAME_ANNOTATION]: refName },
      },
    ],
  };
  put("index.json", `${JSON.stringify(index, null, 2)}\n`);
  return written;
}

export interface LayoutImage {
  readonly manifest: OciManifest;
  readonly manifestBytes: Uint8Array;
  readonly manifestDigest: string;
  /** Config first, then the layers, each read from blobs/ and checked against its digest and size. */
  readonly blobs: readonly Blob[];
}

/** Reads the manifest tagged `refName` (or the only one) and its blobs, verifying every digest. */
export function readOciLayout(dir: string, refName?: string): LayoutImage {
  const indexPath = join(dir, "index.json");
  if (!existsSync(indexPath) || !existsSync(join(dir, "oci-layout")))
    throw new UsageError(`${dir} is not an OCI image layout (no oci-layout/index.json); run \`moonlab demo build\``);
  const index = JSON.parse(readFileSync(indexPath, "utf8")) as OciIndex;
  const candidates = index.manifests.filter(
    (m) => refName === undefined || m.annotations?.[REF_NAME_ANNOTATION] === refName,
  );
  const entry = candidates[0];
  if (!entry || (refName === undefined && candidates.length > 1))
    throw new UsageError(
      `${dir}: no single manifest${refName ? ` tagged ${refName}` : ""} in index.json (found ${index.manifests.length})`,
    );
  const manifestBytes = readBlob(dir, entry);
  const manifest = JSON.parse(new TextDecoder().decode(manifestBytes)) as OciManifest;
  const blobs = [manifest.config, ...manifest.layers].map((d) => ({ ...d, bytes: readBlob(dir, d) }));
  return { manifest, manifestBytes, manifestDigest: entry.digest, blobs };
}

function readBlob(dir: string, d: Descriptor): Uint8Array {
  const path = join(dir, "blobs/sha256", digestHex(d.digest));
  if (!existsSync(path)) throw new UsageError(`${dir}: blob ${d.digest} is missing`);
  const bytes = new Uint8Array(readFileSync(path));
  const actual = sha256Digest(bytes);
  if (actual !== d.digest || bytes.byteLength !== d.size)
    throw new UsageError(`${dir}: blob ${d.digest} is corrupt (sha256 ${actual}, ${bytes.byteLength} bytes)`);
  return bytes;
}
