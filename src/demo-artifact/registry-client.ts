// A small client for the OCI distribution HTTP API (distribution-spec v1.1: "Pushing blobs" with POST then a
// monolithic PUT ?digest=, "Pushing manifests", "Pulling"), over fetch.
// Hand-written on purpose: on npm (checked 2026-11) @sigstore/oci only attaches signature artifacts to existing
// images, @snyk/docker-registry-v2-client only pulls, docker-registry-client (Triton) is Docker schema-2 oriented
// and unmaintained, and @azure/container-registry is tied to Azure auth; none pushes an arbitrary OCI artifact.
// Anonymous access only: the lab's registry on the bastion is reachable inside the lab network without auth.
import { fetchUnreachable, LabError } from "../errors.ts";
import { isSha256Digest, sha256Digest } from "./digest.ts";
import type { Blob, Descriptor, OciManifest } from "./spin-artifact.ts";
import { MEDIA_TYPES } from "./spin-artifact.ts";

/** The registry answered, but not as the protocol says it should. */
export class RegistryError extends LabError {
  readonly status: number;
  constructor(what: string, url: string, status: number, detail: string) {
    super(`registry ${what} failed: ${status} from ${url}${detail ? ` (${detail})` : ""}`, 1);
    this.status = status;
  }
}

export interface RegistryClientOptions {
  /** Per-request timeout (default 60 s; a 12 MB blob on loopback takes well under a second). */
  readonly timeoutMs?: number;
}

export class RegistryClient {
  readonly baseUrl: URL;
  readonly timeoutMs: number;

  /** `registry` is host:port (plain HTTP, as the lab registry serves) or an http(s):// URL. */
  constructor(registry: string, options: RegistryClientOptions = {}) {
    this.baseUrl = new URL(/^https?:\/\//.test(registry) ? registry : `http://${registry}`);
    this.timeoutMs = options.timeoutMs ?? 60_000;
  }

  /** GET /v2/: 200 when the registry speaks the API without auth. */
  async ping(): Promise<void> {
    const res = await this.request("ping", "GET", "/v2/");
    await expect(res, "ping", [200]);
  }

  async hasBlob(repository: string, digest: string): Promise<boolean> {
    const res = await this.request("blob check", "HEAD", `/v2/${repository}/blobs/${digest}`);
    if (res.status === 404) return false;
    await expect(res, "blob check", [200]);
    return true;
  }

  /** Uploads a blob unless the repository has it already; returns whether bytes were sent. */
  async pushBlob(repository: string, blob: Blob): Promise<boolean> {
    if (await this.hasBlob(repository, blob.digest)) return false;
    const start = await this.request("blob upload start", "POST", `/v2/${repository}/blobs/uploads/`, {
      headers: { "content-length": "0" },
    });
    await expect(start, "blob upload start", [202]);
    const location = start.headers.get("location");
    if (!location) throw new RegistryError("blob upload start", start.url, start.status, "no Location header");
    const put = new URL(location, this.baseUrl);
    put.searchParams.set("digest", blob.digest);
    const done = await this.request("blob upload", "PUT", put, {
      headers: { "content-type": "application/octet-stream", "content-length": String(blob.size) },
      body: blob.bytes,
    });
    await expect(done, "blob upload", [201]);
    const stored = done.headers.get("docker-content-digest");
    if (stored && stored !== blob.digest)
      throw new RegistryError("blob upload", done.url, done.status, `stored as ${stored}, sent ${blob.digest}`);
    return true;
  }

  /** PUT a manifest under a tag (or its digest); returns the digest the registry computed, checked. */
  async putManifest(repository: string, reference: string, bytes: Uint8Array, mediaType: string): Promise<string> {
    const digest = sha256Digest(bytes);
    const res = await this.request("manifest push", "PUT", `/v2/${repository}/manifests/${reference}`, {
      headers: { "content-type": mediaType },
      body: bytes,
    });
    await expect(res, "manifest push", [201]);
    const stored = res.headers.get("docker-content-digest");
    if (stored && stored !== digest)
      throw new RegistryError("manifest push", res.url, res.status, `stored as ${stored}, computed ${digest}`);
    return digest;
  }

  /** HEAD a manifest: the digest the registry stores under `reference`, or undefined when it has none (404). */
  async manifestDigest(repository: string, reference: string): Promise<string | undefined> {
    const res = await this.request("manifest check", "HEAD", `/v2/${repository}/manifests/${reference}`, {
      headers: { accept: MEDIA_TYPES.manifest },
    });
    if (res.status === 404) return undefined;
    await expect(res, "manifest check", [200]);
    const digest = res.headers.get("docker-content-digest");
    if (!digest) throw new RegistryError("manifest check", res.url, res.status, "no Docker-Content-Digest header");
    return digest;
  }

  /** GET a manifest by tag or digest; verifies the digest when the reference is one (or the registry names one). */
  async getManifest(
    repository: string,
    reference: string,
  ): Promise<{ bytes: Uint8Array; mediaType: string; digest: string; manifest: OciManifest }> {
    const res = await this.request("manifest pull", "GET", `/v2/${repository}/manifests/${reference}`, {
      headers: { accept: MEDIA_TYPES.manifest },
    });
    await expect(res, "manifest pull", [200]);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const digest = sha256Digest(bytes);
    const claimed = isSha256Digest(reference) ? reference : res.headers.get("docker-content-digest");
    if (claimed && claimed !== digest)
      throw new RegistryError("manifest pull", res.url, res.status, `content is ${digest}, expected ${claimed}`);
    const mediaType = (res.headers.get("content-type") ?? "").split(";")[0]?.trim() ?? "";
    return { bytes, mediaType, digest, manifest: JSON.parse(new TextDecoder().decode(bytes)) as OciManifest };
  }

  /** GET a blob by digest, checking its digest (and size when a descriptor is given). */
  async getBlob(repository: string, d: Pick<Descriptor, "digest"> & Partial<Descriptor>): Promise<Uint8Array> {
    const res = await this.request("blob pull", "GET", `/v2/${repository}/blobs/${d.digest}`);
    await expect(res, "blob pull", [200]);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const actual = sha256Digest(bytes);
    if (actual !== d.digest || (d.size !== undefined && d.size !== bytes.byteLength))
      throw new RegistryError("blob pull", res.url, res.status, `content is ${actual} (${bytes.byteLength} bytes)`);
    return bytes;
  }

  private async request(
    what: string,
    method: string,
    path: string | URL,
    init: { headers?: Record<string, string>; body?: Uint8Array } = {},
  ): Promise<Response> {
    const url = path instanceof URL ? path : new URL(path, this.baseUrl);
    try {
      return await fetch(url, {
        method,
        headers: init.headers,
        body: init.body,
        redirect: "follow",
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      throw fetchUnreachable(`OCI registry (${what})`, url.href, e);
    }
  }
}

async function expect(res: Response, what: string, ok: readonly number[]): Promise<void> {
  if (ok.includes(res.status)) return;
  let detail = "";
  try {
    const body = await res.text();
    // Distribution errors are {"errors":[{"code","message","detail"}]}.
    const parsed = JSON.parse(body) as { errors?: { code?: string; message?: string }[] };
    detail = (parsed.errors ?? []).map((e) => `${e.code}: ${e.message}`).join("; ") || body.slice(0, 200);
  } catch {
    /* not JSON: keep the status alone */
  }
  if (res.status === 401) detail = `${detail ? `${detail}; ` : ""}this client pushes anonymously (no auth support)`;
  throw new RegistryError(what, res.url, res.status, detail);
}

export interface PushResult {
  readonly manifestDigest: string;
  /** Blobs whose bytes were uploaded (the others were already there). */
  readonly uploaded: number;
  readonly skipped: number;
}

/** Pushes config and layers (by digest), then the manifest under `reference` (a tag). */
export async function pushImage(
  client: RegistryClient,
  repository: string,
  reference: string,
  image: { readonly manifestBytes: Uint8Array; readonly blobs: readonly Blob[] },
): Promise<PushResult> {
  let uploaded = 0;
  for (const b of image.blobs) if (await client.pushBlob(repository, b)) uploaded++;
  const manifestDigest = await client.putManifest(repository, reference, image.manifestBytes, MEDIA_TYPES.manifest);
  return { manifestDigest, uploaded, skipped: image.blobs.length - uploaded };
}

export interface PulledImage {
  readonly manifest: OciManifest;
  readonly manifestDigest: string;
  readonly manifestMediaType: string;
  readonly config: Blob;
  readonly layers: readonly Blob[];
}

/** Reads a manifest and every blob it names back from the registry, each verified against its digest. */
export async function pullImage(client: RegistryClient, repository: string, reference: string): Promise<PulledImage> {
  const m = await client.getManifest(repository, reference);
  const fetchBlob = async (d: Descriptor): Promise<Blob> => ({ ...d, bytes: await client.getBlob(repository, d) });
  const config = await fetchBlob(m.manifest.config);
  const layers: Blob[] = [];
  for (const l of m.manifest.layers) layers.push(await fetchBlob(l));
  return { manifest: m.manifest, manifestDigest: m.digest, manifestMediaType: m.mediaType, config, layers };
}
