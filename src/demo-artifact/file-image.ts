// An OCI image of plain files: one uncompressed tar layer and an image config for one linux platform, what a
// Kubernetes image volume (volumes[].image, KEP-4639) mounts. containerd unpacks the layer like any image's and checks
// the config's rootfs.diff_ids (for an uncompressed layer, the layer's own digest) and its os/architecture against
// the node, so the config names the lab's architecture even though the files are platform-neutral.
// Pure: the same files give the same bytes and digests (no clock, no uid: see tar.ts).

import { type UstarFile, ustar } from "../lib/ustar.ts";
import { sha256Digest } from "./digest.ts";
import type { Blob, Descriptor, OciManifest } from "./spin-artifact.ts";
import { MEDIA_TYPES } from "./spin-artifact.ts";

export const LAYER_TAR = "application/vnd.oci.image.layer.v1.tar";

/** What the OCI layout writer and the registry push need of an image. */
export interface BuiltImage {
  readonly manifest: OciManifest;
  readonly manifestBytes: Uint8Array;
  readonly manifestDigest: string;
  readonly config: Blob;
  readonly layers: readonly Blob[];
}

export interface FileImageInput {
  readonly files: readonly UstarFile[];
  /** GOARCH spelling, as the OCI config wants it: arm64, amd64. */
  readonly architecture: string;
  /** Manifest annotations (org.opencontainers.image.*); written sorted. */
  readonly annotations?: Readonly<Record<string, string>>;
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

function blob(mediaType: string, bytes: Uint8Array): Blob {
  return { mediaType, digest: sha256Digest(bytes), size: bytes.byteLength, bytes };
}

const descriptor = (b: Blob): Descriptor => ({ mediaType: b.mediaType, digest: b.digest, size: b.size });

export function buildFileImage(input: FileImageInput): BuiltImage {
  const layer = blob(LAYER_TAR, ustar(input.files));
  const config = blob(
    MEDIA_TYPES.config,
    // No "created", no history timestamps: byte-stable. An image volume runs nothing, so no Entrypoint/Cmd.
    utf8(
      JSON.stringify({
        architecture: input.architecture,
        os: "linux",
        config: {},
        rootfs: { type: "layers", diff_ids: [layer.digest] },
      }),
    ),
  );
  const annotations = Object.entries(input.annotations ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const manifest: OciManifest = {
    schemaVersion: 2,
    config: descriptor(config),
    layers: [descriptor(layer)],
    ...(annotations.length > 0 ? { annotations: Object.fromEntries(annotations) } : {}),
  };
  // mediaType in the manifest as well as in the PUT's Content-Type: containerd and skopeo both accept either, and a
  // manifest that says what it is needs no guessing.
  const manifestBytes = utf8(JSON.stringify({ mediaType: MEDIA_TYPES.manifest, ...manifest }));
  return { manifest, manifestBytes, manifestDigest: sha256Digest(manifestBytes), config, layers: [layer] };
}
