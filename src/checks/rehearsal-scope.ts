// Live checks against a cluster rehearsal (`moonlab rehearse cluster --keep`): a real kube-apiserver, kwok nodes,
// the real Flux source- and kustomize-controller and (for its round trip, then stopped) Moonlander's controller, but
// no CozyStack operator, helm-controller, KubeVirt, spin-operator or MetalLB speaker (MetalLB's controller runs when
// the plan has a pool; it allocates addresses, nothing announces them). The rehearsal marks its cluster with the
// ConfigMap kube-system/moonlab-rehearsal (what runs, what does not, the loopback fleet URL). Against such a cluster:
//   - a check that passes stays a pass: it passed against a real API server and real controllers;
//   - a check that does not pass and needs a component the marker lists as absent becomes not-applicable, naming
//     the component and keeping the check's own evidence (never a pass);
//   - every other failure stays a failure.
import type { KubePort } from "../ports/kube.ts";
import type { Result } from "./result.ts";

export const REHEARSAL_MARKER = { name: "moonlab-rehearsal", namespace: "kube-system" } as const;

/** Components a live check needs beyond a plain API server, by check id. */
export const NEEDS: Readonly<Record<string, readonly string[]>> = {
  "t05/cozystack-controllers-running": ["cozystack-operator", "flux-operator"],
  "t05/cozystack-package-configured": ["cozystack-operator"],
  "t05/kubevirt-running": ["kubevirt"],
  "t05/spin-runtime-class": [],
  "t07/flux-sync-from-plan": [],
  // Stages wait (health checks) on HelmReleases: spin-operator, the tenant and the guest cluster.
  "t07/flux-objects-ready": ["helm-controller", "cozystack-operator"],
  // It reads the demo Service itself, which is in the apps stage, which waits on infrastructure's spin-operator
  // HelmRelease. MetalLB's controller runs in the rehearsal, but on a Service of the rehearsal's own (shaped as the
  // demo Service), never on one passed off as the demo Service.
  "t10/load-balancer-for-target": ["helm-controller"],
  "t11/guest-cluster-declared": ["cozystack-api", "helm-controller", "kubevirt"],
  "t12/landing-wires-harvey": ["moonlander", "cozystack-api", "kubevirt"],
};

export interface RehearsalMarker {
  readonly runs: string;
  readonly absent: readonly string[];
  readonly fleetRepo: string;
}

export async function readRehearsalMarker(kube: KubePort): Promise<RehearsalMarker | undefined> {
  const cm = await kube.get("v1", "ConfigMap", REHEARSAL_MARKER.name, REHEARSAL_MARKER.namespace);
  const data = (cm as { data?: Record<string, string> } | undefined)?.data;
  if (!data) return undefined;
  return {
    runs: data.runs ?? "",
    absent: (data.absent ?? "").split(",").filter((s) => s !== ""),
    fleetRepo: data.fleetRepo ?? "",
  };
}

export function scopeToRehearsal(results: readonly Result[], marker: RehearsalMarker): Result[] {
  return results.map((r) => {
    if (r.mode !== "live" || r.status === "pass") return r;
    const missing = (NEEDS[r.id] ?? []).filter((c) => marker.absent.includes(c));
    if (missing.length === 0) return r;
    return {
      ...r,
      status: "not-applicable",
      reason: `needs ${missing.join(", ")}, which the cluster rehearsal does not run (it runs ${marker.runs})`,
      evidence: [`against the cluster rehearsal the check found: ${r.evidence.join("; ") || r.reason || "(nothing)"}`],
    };
  });
}
