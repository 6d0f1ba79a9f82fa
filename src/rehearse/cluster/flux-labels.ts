// The labels kustomize-controller puts on every object it applies: how a rehearsal tells an object Flux applied
// from the tree apart from one the rehearsal created itself.
import type { KubernetesObjectApi } from "@kubernetes/client-node";
import type { Obj } from "./dry-run.ts";
import { orUndefined } from "./moonlander-legs.ts";
import { refOf } from "./moonlander-tree.ts";
export const FLUX_NAME_LABEL = "kustomize.toolkit.fluxcd.io/name";
export const FLUX_NAMESPACE_LABEL = "kustomize.toolkit.fluxcd.io/namespace";

/** "namespace/name" of the Kustomization that applied an object with these labels, or undefined. */
export function appliedByFlux(labels: Readonly<Record<string, string>> | undefined): string | undefined {
  const name = labels?.[FLUX_NAME_LABEL];
  return name ? `${labels?.[FLUX_NAMESPACE_LABEL] ?? ""}/${name}` : undefined;
}

/** For each of the tree's objects as the cluster has it now: the Kustomization that applied it, or undefined. */
export async function appliedByFluxNow(
  objects: KubernetesObjectApi,
  tree: readonly Obj[],
): Promise<Map<string, string | undefined>> {
  const by = new Map<string, string | undefined>();
  for (const x of tree) {
    const live = (await orUndefined(objects.read(x as never))) as Obj | undefined;
    by.set(refOf(x), appliedByFlux(live?.metadata.labels as Record<string, string> | undefined));
  }
  return by;
}

/** Evidence lines: each object with the Kustomization that applied it, or that Flux did not. */
export const appliedEvidence = (by: ReadonlyMap<string, string | undefined>): string[] =>
  [...by].map(([ref, k]) => (k ? `${ref} (Kustomization ${k})` : `${ref}: not applied by Flux`));
