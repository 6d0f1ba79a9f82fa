// Test images built here, never downloaded: tiny OCI image configs for a platform, single-platform manifests, and
// indexes with or without an arm64 entry (plus a BuildKit-style attestation entry, which is no platform), pushed
// to a local registry with the OCI distribution API.
import { join } from "node:path";
import { sha256Digest } from "../../../src/demo-artifact/digest.ts";
import { RegistryClient } from "../../../src/demo-artifact/registry-client.ts";
import { type LocalRegistry, serveRegistry } from "../../support/registry.ts";

export type { LocalRegistry };

/** Debian's docker-registry on loopback, storage in `dir`. */
export function startRegistry(dir: string, port: number): Promise<LocalRegistry> {
  return serveRegistry(
    {
      version: "0.1",
      log: { level: "info" },
      storage: { filesystem: { rootdirectory: join(dir, `data-${port}`) } },
      http: { addr: `127.0.0.1:${port}` },
    },
    dir,
    port,
  );
}

const enc = (o: unknown) => new TextEncoder().encode(JSON.stringify(o));
const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
const OCI_INDEX = "application/vnd.oci.image.index.v1+json";
const DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";

/** Pushes a one-layer image for os/arch; returns its manifest descriptor. */
async function pushPlatformImage(
  c: RegistryClient,
  repo: string,
  arch: string,
  mediaType = OCI_MANIFEST,
  reference?: string,
): Promise<{ mediaType: string; digest: string; size: number }> {
  const layer = new TextEncoder().encode(`layer for ${repo} ${arch}\n`);
  const config = enc({ architecture: arch, os: "linux", rootfs: { type: "layers", diff_ids: [sha256Digest(layer)] } });
  const configType =
    mediaType === DOCKER_MANIFEST
      ? "application/vnd.docker.container.image.v1+json"
      : "application/vnd.oci.image.config.v1+json";
  const layerType =
    mediaType === DOCKER_MANIFEST
      ? "application/vnd.docker.image.rootfs.diff.tar"
      : "application/vnd.oci.image.layer.v1.tar";
  for (const bytes of [layer, config])
    await c.pushBlob(repo, { mediaType: "", digest: sha256Digest(bytes), size: bytes.byteLength, bytes });
  const manifest = enc({
    schemaVersion: 2,
    mediaType,
    config: { mediaType: configType, digest: sha256Digest(config), size: config.byteLength },
    layers: [{ mediaType: layerType, digest: sha256Digest(layer), size: layer.byteLength }],
  });
  const digest = await c.putManifest(repo, reference ?? sha256Digest(manifest), manifest, mediaType);
  return { mediaType, digest, size: manifest.byteLength };
}

/** An index listing one image per arch (and an attestation entry when `attest`), tagged `tag`. */
export async function pushIndex(
  registryUrl: string,
  repo: string,
  tag: string,
  arches: readonly string[],
  attest = true,
): Promise<string> {
  const c = new RegistryClient(registryUrl);
  const manifests: Record<string, unknown>[] = [];
  for (const a of arches)
    manifests.push({ ...(await pushPlatformImage(c, repo, a)), platform: { architecture: a, os: "linux" } });
  if (attest && arches[0]) {
    const att = await pushPlatformImage(c, repo, "unknown");
    manifests.push({
      ...att,
      platform: { architecture: "unknown", os: "unknown" },
      annotations: { "vnd.docker.reference.type": "attestation-manifest" },
    });
  }
  const index = enc({ schemaVersion: 2, mediaType: OCI_INDEX, manifests });
  return c.putManifest(repo, tag, index, OCI_INDEX);
}

/** A single-platform image (Docker schema 2 manifest) tagged `tag`: its config names the platform. */
export async function pushSingle(registryUrl: string, repo: string, tag: string, arch: string): Promise<string> {
  const c = new RegistryClient(registryUrl);
  return (await pushPlatformImage(c, repo, arch, DOCKER_MANIFEST, tag)).digest;
}
