// The acceptance tests of ../shared/docs/ACCEPTANCE.md: the product's contract. Checks name one of these.
export const ACCEPTANCE_TESTS = {
  T01: "Network foundation",
  T02: "Bastion with a static address and a schedule",
  T03: "Netboot and cache services on the bastion",
  T04: "Talos nodes boot from the bastion",
  T05: "CozyStack operational",
  T06: "Demo workload on arm64",
  T07: "GitOps",
  T08: "Cost",
  T09: "No public exposure",
  T10: "SpinApp through GitOps with a load balancer",
  T11: "Guest cluster",
  T12: "Cross-cluster (Moonlander + Harvey)",
  C01: "Custom images: schematic per role",
  C02: "Custom images: IDs and URLs computed offline",
  C03: "Custom images: pinned installer, Tailscale on the gateway only",
} as const;

export type AcceptanceId = keyof typeof ACCEPTANCE_TESTS;
export const ACCEPTANCE_IDS = Object.keys(ACCEPTANCE_TESTS) as AcceptanceId[];
