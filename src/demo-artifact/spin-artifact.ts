// A Spin application as the OCI artifact `spin registry push` produces and containerd-shim-spin (SpinKube) runs:
// one wasm layer per component, the locked app JSON as the last layer, and an image config whose label points at
// the locked app layer. Read from spinframework/spin crates/oci/src/client.rs (push_locked_core, assemble_layers)
// and crates/locked-app/src/locked.rs (LockedApp serialization); see also FACTS.md "Spin app in TypeScript".
// Pure: the same input gives the same bytes and digests (no clock unless `created` is passed).
import { sha256Digest } from "./digest.ts";

export const MEDIA_TYPES = {
  manifest: "application/vnd.oci.image.manifest.v1+json",
  config: "application/vnd.oci.image.config.v1+json",
  wasm: "application/vnd.wasm.content.layer.v1+wasm",
  data: "application/vnd.wasm.content.layer.v1+data",
  lockedApp: "application/vnd.fermyon.spin.application.v1+config",
} as const;

/** Image config label that names the locked app layer (so two apps never share an image config digest). */
export const LOCKED_APP_DIGEST_LABEL = "com.fermyon.spin.lockedAppDigest";

export interface SpinAppInput {
  readonly name: string;
  readonly version: string;
  readonly description?: string;
  readonly authors?: readonly string[];
  /** The one component (the demo has one; Spin's kebab-case id). */
  readonly componentId: string;
  /** HTTP route, e.g. "/..." for everything. */
  readonly route: string;
  /** The WebAssembly component bytes. */
  readonly wasm: Uint8Array;
  /** The component's WASI environment (Spin's `environment` table). */
  readonly env?: Readonly<Record<string, string>>;
  /** RFC 3339 time for the org.opencontainers.image.created annotation; omitted when absent (byte-stable). */
  readonly created?: string;
}

export interface Descriptor {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
}

export interface Blob extends Descriptor {
  readonly bytes: Uint8Array;
}

export interface OciManifest {
  readonly schemaVersion: 2;
  readonly config: Descriptor;
  readonly layers: readonly Descriptor[];
  readonly annotations?: Readonly<Record<string, string>>;
}

/** The subset of Spin's LockedApp this builder writes (field order as Spin serializes it). */
export interface LockedApp {
  readonly spin_lock_version: 1;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly triggers: readonly {
    readonly id: string;
    readonly trigger_type: "http";
    readonly trigger_config: { readonly component: string; readonly route: string };
  }[];
  readonly components: readonly {
    readonly id: string;
    readonly source: { readonly content_type: "application/wasm"; readonly digest: string };
    readonly env?: Readonly<Record<string, string>>;
  }[];
}

export interface SpinArtifact {
  readonly manifest: OciManifest;
  readonly manifestBytes: Uint8Array;
  readonly manifestDigest: string;
  readonly config: Blob;
  /** In manifest order: the wasm layer, then the locked app layer. */
  readonly layers: readonly Blob[];
  readonly lockedApp: LockedApp;
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

function blob(mediaType: string, bytes: Uint8Array): Blob {
  return { mediaType, digest: sha256Digest(bytes), size: bytes.byteLength, bytes };
}

function descriptor(b: Blob): Descriptor {
  return { mediaType: b.mediaType, digest: b.digest, size: b.size };
}

function sortedRecord(r: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * The locked app for one HTTP component whose source is the wasm layer. Spin's own push writes
 * spin_lock_version 0 when nothing needs version 1; every Spin reader accepts 1 (FixedVersionBackwardCompatible<1>),
 * and older readers accept only 1, so 1 it is.
 */
export function lockedApp(input: SpinAppInput, wasmDigest: string): LockedApp {
  const metadata: Record<string, unknown> = { name: input.name, version: input.version };
  if (input.description) metadata.description = input.description;
  if (input.authors && input.authors.length > 0) metadata.authors = [...input.authors];
  // Spin's loader writes the trigger global configs under `triggers` and, with a single trigger type, repeats it
  // as `trigger: {type}` for older hosts (crates/loader/src/local.rs locked_metadata).
  metadata.triggers = {};
  metadata.trigger = { type: "http" };
  const env = input.env && Object.keys(input.env).length > 0 ? sortedRecord(input.env) : undefined;
  return {
    spin_lock_version: 1,
    metadata,
    triggers: [
      {
        // The "natural" id Spin's manifest normalization gives a trigger of one component.
        id: `${input.componentId}-http-trigger`,
        trigger_type: "http",
        trigger_config: { component: input.componentId, route: input.route },
      },
    ],
    components: [
      {
        id: input.componentId,
        source: { content_type: "application/wasm", digest: wasmDigest },
        ...(env ? { env } : {}),
      },
    ],
  };
}

export function buildSpinArtifact(input: SpinAppInput): SpinArtifact {
  const wasm = blob(MEDIA_TYPES.wasm, input.wasm);
  const locked = lockedApp(input, wasm.digest);
  const lockedBlob = blob(MEDIA_TYPES.lockedApp, utf8(JSON.stringify(locked)));
  const config = blob(
    MEDIA_TYPES.config,
    utf8(
      JSON.stringify({
        architecture: "wasm",
        os: "Wasip1",
        config: { Labels: { [LOCKED_APP_DIGEST_LABEL]: lockedBlob.digest } },
        rootfs: { type: "layers", diff_ids: [] },
      }),
    ),
  );
  const annotations: Record<string, string> = {
    "org.opencontainers.image.title": input.name,
    "org.opencontainers.image.version": input.version,
  };
  if (input.description) annotations["org.opencontainers.image.description"] = input.description;
  if (input.authors && input.authors.length > 0)
    annotations["org.opencontainers.image.authors"] = input.authors.join(", ");
  if (input.created) annotations["org.opencontainers.image.created"] = input.created;
  const layers = [wasm, lockedBlob];
  // Like Spin's push (oci-client OciImageManifest::build): no mediaType/artifactType fields in the manifest; the
  // registry learns the type from the Content-Type of the PUT.
  const manifest: OciManifest = {
    schemaVersion: 2,
    config: descriptor(config),
    layers: layers.map(descriptor),
    annotations: sortedRecord(annotations),
  };
  const manifestBytes = utf8(JSON.stringify(manifest));
  return { manifest, manifestBytes, manifestDigest: sha256Digest(manifestBytes), config, layers, lockedApp: locked };
}
