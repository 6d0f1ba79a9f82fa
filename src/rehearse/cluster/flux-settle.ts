// Step 5 of a cluster rehearsal, after the controllers started: read the Flux objects' own status until it settles.
// Nothing here writes a status; a verdict is whatever source-controller or kustomize-controller computed.
import { KubernetesObjectApi } from "@kubernetes/client-node";
import { kubeConfigFrom } from "../../adapters/kube/client-node.ts";
import { condition } from "../../render/gitops/read.ts";
import { sleep } from "../proc.ts";
import { REQUEUE_DEPENDENCY_S } from "./flux.ts";

export interface FluxStatus {
  readonly ref: string;
  readonly ready: string;
  readonly reason: string;
  readonly message: string;
  /** ms after the controllers started when Ready=True was first seen. */
  readonly readyAfterMs?: number;
  /** Objects kustomize-controller applied (its status.inventory), for Kustomizations. */
  readonly applied?: number;
}

export type FluxObject = {
  kind: string;
  metadata: { name: string; namespace?: string; generation?: number };
  status?: unknown;
};

export interface Settled {
  readonly sources: readonly FluxObject[];
  readonly kustomizations: readonly FluxObject[];
  readonly sourceStatus: readonly FluxStatus[];
  readonly kustomizationStatus: readonly FluxStatus[];
  readonly settledMs: number;
}

/** Nothing changed for this long: two of the intervals after which kustomize-controller retries a Kustomization
 * whose dependency was not ready (health checks run to the stage's timeout, so "settled" means "no news"). */
const QUIET_MS = 2 * REQUEUE_DEPENDENCY_S * 1000 + 2_000;

export function statusOf(o: FluxObject): Omit<FluxStatus, "readyAfterMs"> {
  const c = condition(o, "Ready");
  const inv = (o.status as { inventory?: { entries?: unknown[] } } | undefined)?.inventory?.entries;
  return {
    ref: `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`,
    ready: c?.status ?? "(no Ready condition)",
    reason: c?.reason ?? "",
    message: c?.message ?? "",
    ...(inv ? { applied: inv.length } : {}),
  };
}

/** Polls every second from `since` (when the controllers started) until every Kustomization has a verdict and
 * nothing changed for QUIET_MS, or `timeoutMs` passed. */
export async function settleFlux(
  kubeconfigPath: string,
  since: number,
  timeoutMs: number,
  log: (line: string) => void,
): Promise<Settled> {
  const api = KubernetesObjectApi.makeApiClient(kubeConfigFrom(kubeconfigPath));
  const list = async (apiVersion: string, kind: string): Promise<FluxObject[]> =>
    ((await api.list(apiVersion, kind).catch(() => ({ items: [] }))).items as unknown as FluxObject[]).map((o) => ({
      ...o,
      kind,
    }));
  const readyAt = new Map<string, number>();
  let last = "";
  let stableSince = performance.now();
  const deadline = performance.now() + timeoutMs;
  let sources: FluxObject[] = [];
  let kustomizations: FluxObject[] = [];
  for (;;) {
    sources = [
      ...(await list("source.toolkit.fluxcd.io/v1", "GitRepository")),
      ...(await list("source.toolkit.fluxcd.io/v1", "OCIRepository")),
      ...(await list("source.toolkit.fluxcd.io/v1", "HelmRepository")),
    ];
    kustomizations = await list("kustomize.toolkit.fluxcd.io/v1", "Kustomization");
    for (const s of [...sources, ...kustomizations].map(statusOf))
      if (s.ready === "True" && !readyAt.has(s.ref)) {
        readyAt.set(s.ref, Math.round(performance.now() - since));
        log(`${s.ref} Ready after ${((performance.now() - since) / 1000).toFixed(1)} s`);
      }
    const snapshot = JSON.stringify([...sources, ...kustomizations].map(statusOf));
    if (snapshot !== last) {
      last = snapshot;
      stableSince = performance.now();
    }
    const everyOneReported = kustomizations.length > 0 && kustomizations.every((k) => condition(k, "Ready"));
    if (everyOneReported && performance.now() - stableSince > QUIET_MS) break;
    if (performance.now() > deadline) break;
    await sleep(1000);
  }
  const withTime = (o: FluxObject): FluxStatus => {
    const s = statusOf(o);
    const at = readyAt.get(s.ref);
    return at === undefined ? s : { ...s, readyAfterMs: at };
  };
  return {
    sources,
    kustomizations,
    sourceStatus: sources.map(withTime),
    kustomizationStatus: kustomizations.map(withTime),
    settledMs: Math.round(performance.now() - since),
  };
}
