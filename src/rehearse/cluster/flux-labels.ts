// The labels kustomize-controller puts on every object it applies: how a rehearsal tells an object Flux applied
// from the tree apart from one the rehearsal created itself.
export const FLUX_NAME_LABEL = "kustomize.toolkit.fluxcd.io/name";
export const FLUX_NAMESPACE_LABEL = "kustomize.toolkit.fluxcd.io/namespace";

/** "namespace/name" of the Kustomization that applied an object with these labels, or undefined. */
export function appliedByFlux(labels: Readonly<Record<string, string>> | undefined): string | undefined {
  const name = labels?.[FLUX_NAME_LABEL];
  return name ? `${labels?.[FLUX_NAMESPACE_LABEL] ?? ""}/${name}` : undefined;
}
