// RegistryPort over the OCI distribution HTTP API (distribution-spec v1.1 "Pulling manifests" / "Pulling blobs"),
// with anonymous bearer tokens (the Docker token flow public registries use: a 401 names a realm, service and scope;
// GET realm?service&scope answers {token}). Hand-written beside src/demo-artifact/registry-client.ts (which pushes to the
// lab registry, no auth) for the same reason it gives: no maintained npm client reads arbitrary indexes anonymously
// across Docker Hub, ghcr.io, quay.io and registry.k8s.io; the demo module sits on a higher floor than adapters.
import { createHash } from "node:crypto";
import { fetchUnreachable, LabError } from "../../errors.ts";
import type { Plan } from "../../plan/types.ts";
import type { ManifestResponse, RegistryPort } from "../../ports/registry.ts";

export type Via = "direct" | "bastion";

/** Registry host -> endpoint: the lab registry (plain HTTP), the bastion's caches (via bastion), then overrides. */
export function registryEndpoints(
  plan: Plan,
  via: Via,
  overrides: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const out: Record<string, string> = {};
  out[new URL(plan.services.registry.url).host] = plan.services.registry.url;
  if (via === "bastion") for (const c of plan.caches) out[c.upstream] = c.endpoint;
  return { ...out, ...overrides };
}

/** Every manifest form a pull can meet, index types first (so a multi-arch image answers with its index). */
export const MANIFEST_ACCEPT = [
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.v2+json",
].join(", ");

export interface OciDistributionOptions {
  /** registry host -> base URL to use instead of https://<host> (the lab's caches, a local test registry). */
  readonly endpoints?: Readonly<Record<string, string>>;
  /** The endpoints are the bastion's caches and lab registry (RegistryPort.throughLab). */
  readonly throughLab?: boolean;
  /** Request timeout (default 30 s). */
  readonly timeoutMs?: number;
}

const sha256 = (b: Uint8Array): string => `sha256:${createHash("sha256").update(b).digest("hex")}`;

export class OciDistributionPort implements RegistryPort {
  readonly #endpoints: Readonly<Record<string, string>>;
  readonly #timeoutMs: number;
  readonly #tokens = new Map<string, string>();
  readonly throughLab: boolean;

  constructor(options: OciDistributionOptions = {}) {
    this.#endpoints = options.endpoints ?? {};
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.throughLab = options.throughLab ?? false;
  }

  endpointOf(registry: string): string {
    const mapped = this.#endpoints[registry];
    if (mapped !== undefined) return mapped.replace(/\/$/, "");
    // Docker Hub's API host is not its name (distribution's reference normalisation).
    if (registry === "docker.io") return "https://registry-1.docker.io";
    return `https://${registry}`;
  }

  async manifest(registry: string, repository: string, reference: string): Promise<ManifestResponse | undefined> {
    const url = `${this.endpointOf(registry)}/v2/${repository}/manifests/${reference}`;
    const res = await this.#get(url, repository, { accept: MANIFEST_ACCEPT });
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw new LabError(`registry answered ${res.status} for ${url}`, 1);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const digest = sha256(bytes);
    if (reference.startsWith("sha256:") && reference !== digest)
      throw new LabError(`manifest ${url} has digest ${digest}, not the one asked for`, 1);
    const mediaType = (res.headers.get("content-type") ?? "").split(";")[0]?.trim() ?? "";
    return { mediaType, digest, bytes };
  }

  async blob(registry: string, repository: string, digest: string): Promise<Uint8Array> {
    const url = `${this.endpointOf(registry)}/v2/${repository}/blobs/${digest}`;
    const res = await this.#get(url, repository, {});
    if (res.status !== 200) throw new LabError(`registry answered ${res.status} for ${url}`, 1);
    const bytes = new Uint8Array(await res.arrayBuffer());
    if (sha256(bytes) !== digest) throw new LabError(`blob ${url} does not match its digest`, 1);
    return bytes;
  }

  async #get(url: string, repository: string, headers: Record<string, string>): Promise<Response> {
    const origin = new URL(url).origin;
    const token = this.#tokens.get(`${origin}|${repository}`);
    let res = await this.#fetch(url, token ? { ...headers, authorization: `Bearer ${token}` } : headers);
    if (res.status === 401) {
      const fresh = await this.#token(res.headers.get("www-authenticate") ?? "", repository);
      if (fresh === undefined) return res;
      this.#tokens.set(`${origin}|${repository}`, fresh);
      res = await this.#fetch(url, { ...headers, authorization: `Bearer ${fresh}` });
    }
    return res;
  }

  /** The anonymous pull token a `WWW-Authenticate: Bearer realm=...,service=...,scope=...` challenge offers. */
  async #token(challenge: string, repository: string): Promise<string | undefined> {
    if (!/^bearer\s/i.test(challenge)) return undefined;
    const params = Object.fromEntries([...challenge.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (!params.realm) return undefined;
    const u = new URL(params.realm);
    if (params.service) u.searchParams.set("service", params.service);
    u.searchParams.set("scope", params.scope ?? `repository:${repository}:pull`);
    const res = await this.#fetch(u.href, {});
    if (res.status !== 200) return undefined;
    const body = (await res.json()) as { token?: string; access_token?: string };
    return body.token ?? body.access_token;
  }

  async #fetch(url: string, headers: Record<string, string>): Promise<Response> {
    try {
      return await fetch(url, { headers, redirect: "follow", signal: AbortSignal.timeout(this.#timeoutMs) });
    } catch (e) {
      throw fetchUnreachable("OCI registry", url, e);
    }
  }
}
