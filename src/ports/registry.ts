// RegistryPort: read-only OCI distribution API access (manifests and blobs by reference), as the architecture
// report needs it. The adapter decides where a registry host is reached: directly, or through the lab's caches.
export interface ManifestResponse {
  /** Content-Type the registry answered with (index, manifest list, OCI or Docker manifest). */
  readonly mediaType: string;
  readonly digest: string;
  readonly bytes: Uint8Array;
}

export interface RegistryPort {
  /** GET /v2/<repository>/manifests/<reference> for an image of `registry` (a host); undefined when it answers 404. */
  manifest(registry: string, repository: string, reference: string): Promise<ManifestResponse | undefined>;
  /** GET a blob (an image config) by digest, verified. */
  blob(registry: string, repository: string, digest: string): Promise<Uint8Array>;
  /** Whether reads go through the bastion (its caches and the lab registry): substitutes are then read there. */
  readonly throughLab?: boolean;
  /** The URL requests for `registry` go to (evidence: direct upstream, a cache, the lab registry). */
  endpointOf(registry: string): string;
}
