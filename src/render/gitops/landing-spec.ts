// A Landing's spec and its documented defaults (the CRD's descriptions in tenants.ts say the same), in one place:
// Moonlander's reconcile resolves a Landing with it, and the cluster rehearsal uses it to put the guest cluster's
// admin kubeconfig where the controller will look and to find the copy it writes.
import {
  CROSSPLANE_NAMESPACE,
  GUEST_KUBECONFIG_KEY,
  REMOTE_KUBECONFIG_KEY,
  REMOTE_KUBECONFIG_SECRET,
} from "./layout.ts";

export interface LandingSpec {
  readonly kubeconfigSecretName?: string;
  readonly kubeconfigSecretKey?: string;
  readonly kubeconfigSecretNamespace?: string;
  readonly writeKubeconfigSecretName?: string;
  readonly writeKubeconfigSecretKey?: string;
  readonly targetNamespace?: string;
}

/** The spec with the documented defaults filled in. */
export function resolvedSpec(l: {
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly spec?: LandingSpec;
}): Required<LandingSpec> {
  const spec = l.spec ?? {};
  return {
    kubeconfigSecretName: spec.kubeconfigSecretName ?? `kubernetes-${l.metadata.name}-admin-kubeconfig`,
    kubeconfigSecretKey: spec.kubeconfigSecretKey ?? GUEST_KUBECONFIG_KEY,
    kubeconfigSecretNamespace: spec.kubeconfigSecretNamespace ?? l.metadata.namespace ?? "default",
    writeKubeconfigSecretName: spec.writeKubeconfigSecretName ?? REMOTE_KUBECONFIG_SECRET,
    writeKubeconfigSecretKey: spec.writeKubeconfigSecretKey ?? REMOTE_KUBECONFIG_KEY,
    targetNamespace: spec.targetNamespace ?? CROSSPLANE_NAMESPACE,
  };
}
