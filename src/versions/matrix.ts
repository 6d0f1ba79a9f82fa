// The one pinned version matrix: every version moonlab renders comes from here, and a check proves the
// combination chosen by a spec is supported. Sources: ../shared/docs/FACTS.md ("Versions seen upstream").
export interface TalosRelease {
  readonly version: string;
  /** Minor line, selects the config JSON schema (../shared/schemas/talos/<minor>/) and config documents. */
  readonly minor: "v1.11" | "v1.13";
}

export interface CozystackRelease {
  readonly version: string;
  /** v1: installer chart + Package; v0: ConfigMap cozystack in cozy-system. */
  readonly line: "v0" | "v1";
  /** Talos minor lines this CozyStack release supports (it pins one patch release of them). */
  readonly talosMinors: readonly TalosRelease["minor"][];
  readonly pinnedTalos: string;
}

export const TALOS_RELEASES: readonly TalosRelease[] = [
  { version: "v1.11.5", minor: "v1.11" },
  { version: "v1.11.6", minor: "v1.11" },
  { version: "v1.13.6", minor: "v1.13" },
  { version: "v1.13.9", minor: "v1.13" },
];

export const COZYSTACK_RELEASES: readonly CozystackRelease[] = [
  { version: "v0.41.11", line: "v0", talosMinors: ["v1.11"], pinnedTalos: "v1.11.5" },
  { version: "v1.6.2", line: "v1", talosMinors: ["v1.13"], pinnedTalos: "v1.13.6" },
];

/** Container images and charts the rendered lab runs, pinned. */
export const COMPONENTS = {
  matchbox: { version: "v0.11.0", image: "quay.io/poseidon/matchbox:v0.11.0" },
  registry: { version: "3.1.1", image: "docker.io/library/registry:3.1.1" },
  pihole: { version: "2026.07.2", image: "docker.io/pihole/pihole:2026.07.2" },
  dnsmasq: { version: "2.90" },
  flux: { version: "v2.9.4" },
  metallb: { version: "v0.16.1" },
  spinOperator: { version: "0.6.1", chart: "oci://ghcr.io/spinframework/charts/spin-operator" },
  // The runtime of Moonlander's controller pod: the official Node image (multi-arch: linux/amd64, linux/arm64/v8),
  // the same Node version scripts/ensure-node.sh pins for moonlab itself, so the bundle runs on the Node it was
  // tested with. Slim: Debian without the build toolchain; the pod runs it as uid 65532, not the image's `node`.
  nodeRuntime: { version: "24.21.0", image: "docker.io/library/node:24.21.0-trixie-slim" },
} as const;

/** Official Talos system extensions moonlab knows how to use (Image Factory names). */
export const KNOWN_EXTENSIONS: readonly string[] = [
  "siderolabs/amd-ucode",
  "siderolabs/drbd",
  "siderolabs/intel-ucode",
  "siderolabs/iscsi-tools",
  "siderolabs/qemu-guest-agent",
  "siderolabs/spin",
  "siderolabs/tailscale",
  "siderolabs/util-linux-tools",
  "siderolabs/zfs",
];

export function findTalos(version: string): TalosRelease | undefined {
  return TALOS_RELEASES.find((r) => r.version === version);
}

export function findCozystack(version: string): CozystackRelease | undefined {
  return COZYSTACK_RELEASES.find((r) => r.version === version);
}

/** Why a Talos + CozyStack pair is not supported, or undefined when it is. */
export function unsupportedPair(talos: string, cozystack: string): string | undefined {
  const t = findTalos(talos);
  const c = findCozystack(cozystack);
  if (!t) return `Talos ${talos} is not in the version matrix (${TALOS_RELEASES.map((r) => r.version).join(", ")})`;
  if (!c)
    return `CozyStack ${cozystack} is not in the version matrix (${COZYSTACK_RELEASES.map((r) => r.version).join(", ")})`;
  if (!c.talosMinors.includes(t.minor))
    return `CozyStack ${cozystack} supports Talos ${c.talosMinors.join(", ")} (pins ${c.pinnedTalos}), not ${talos}`;
  return undefined;
}
