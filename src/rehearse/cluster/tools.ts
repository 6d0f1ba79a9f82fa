// The programs of a local control plane, installed pinned by scripts/test-tools/35-kubernetes.sh, 36-flux.sh and
// 39-metallb.sh into .tools/go/bin (built from the Go module proxy; docs/local-kubernetes.md).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { findProgram, TOOLS } from "../tools.ts";

export const KWOK_VERSION = "v0.8.0";
export const CONTROL_PLANE_PROGRAMS = [
  "etcd",
  "kube-apiserver",
  "kube-controller-manager",
  "kube-scheduler",
  "kubectl",
  "kwok",
] as const;
export const FLUX_PROGRAMS = ["source-controller", "kustomize-controller"] as const;
/** MetalLB's controller (go.universe.tf/metallb/controller at COMPONENTS.metallb's version), renamed from
 * `controller` so the name says whose it is. Only the controller: the speaker needs a real L2 segment. */
export const METALLB_PROGRAMS = ["metallb-controller"] as const;
export const INSTALL_HOW = "run scripts/install-test-tools.sh (builds them from the Go module proxy, ~20 CPU-min cold)";

/** The kwok stage file 35-kubernetes.sh assembled from the kwok module (node-initialize, heartbeat, pod stages). */
export const kwokStagesFile = (): string => join(TOOLS, "share", `kwok-stages-${KWOK_VERSION}.yaml`);

/** What is missing to start a control plane (program names, or the kwok stage file's path). */
export function findControlPlaneTools(opts: { flux?: boolean; metallb?: boolean } = {}): { missing: string[] } {
  const names = [
    ...CONTROL_PLANE_PROGRAMS,
    ...(opts.flux ? FLUX_PROGRAMS : []),
    ...(opts.metallb ? METALLB_PROGRAMS : []),
  ];
  const missing: string[] = names.filter((n) => findProgram(n) === undefined);
  if (!existsSync(kwokStagesFile())) missing.push(kwokStagesFile());
  return { missing };
}
