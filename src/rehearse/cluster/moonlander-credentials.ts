// The credentials around a Moonlander round trip, each put where the real lab has it:
// - the guest cluster's admin kubeconfig, in the parent secret the Landing names (CozyStack writes it there);
// - the parent kubeconfig handed to children, in the source secret the Deployment's flags name (an operator creates
//   it once, docs/gitops.md; here the rehearsal's own admin kubeconfig: the cluster is thrown away afterwards);
// - the controller's own kubeconfig: a TokenRequest token of the tree's ServiceAccount, so the API server authorizes
//   every call against the tree's RBAC and nothing else.
import { readFileSync, writeFileSync } from "node:fs";
import { ApiException, type CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import { kubeConfigFrom } from "../../adapters/kube/client-node.ts";

export interface SecretKeyRef {
  readonly namespace: string;
  readonly name: string;
  readonly key: string;
}

/** Creates or replaces a secret holding one key (as `kubectl create secret generic --from-file` would). */
export async function putSecret(core: CoreV1Api, ref: SecretKeyRef, text: string): Promise<void> {
  const body = { metadata: { name: ref.name, namespace: ref.namespace }, stringData: { [ref.key]: text } };
  try {
    await core.createNamespacedSecret({ namespace: ref.namespace, body });
  } catch (e) {
    if (!(e instanceof ApiException && e.code === 409)) throw e;
    await core.replaceNamespacedSecret({ name: ref.name, namespace: ref.namespace, body });
  }
}

export async function ensureNamespace(core: CoreV1Api, name: string): Promise<void> {
  try {
    await core.createNamespace({ body: { metadata: { name } } });
  } catch (e) {
    if (!(e instanceof ApiException && e.code === 409)) throw e;
  }
}

/** The admin kubeconfig's cluster with a token of `sa` as the only user, written to `path` (0600). */
export async function serviceAccountKubeconfig(
  adminKubeconfigPath: string,
  core: CoreV1Api,
  sa: { readonly namespace: string; readonly name: string },
  path: string,
): Promise<string> {
  const tr = await core.createNamespacedServiceAccountToken({
    name: sa.name,
    namespace: sa.namespace,
    body: { spec: { audiences: [], expirationSeconds: 3600 } },
  });
  const token = tr.status?.token;
  if (!token) throw new Error(`TokenRequest for ${sa.namespace}/${sa.name} returned no token`);
  const cluster = kubeConfigFrom(adminKubeconfigPath).getCurrentCluster();
  if (!cluster) throw new Error(`${adminKubeconfigPath} has no current cluster`);
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [cluster],
    users: [{ name: sa.name, token }],
    contexts: [{ name: sa.name, cluster: cluster.name, user: sa.name }],
    currentContext: sa.name,
  });
  writeFileSync(path, kc.exportConfig(), { mode: 0o600 });
  return `system:serviceaccount:${sa.namespace}:${sa.name}`;
}

export const kubeconfigText = (path: string): string => readFileSync(path, "utf8");
