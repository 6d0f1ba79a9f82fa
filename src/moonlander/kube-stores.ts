// The reconcile's narrow stores over @kubernetes/client-node: secrets in either cluster through CoreV1Api, and the
// Landing's finalizers and status in the parent through merge patches (finalizers carry the resourceVersion as an
// optimistic lock; status goes to the status subresource, so a spec edit racing it is never overwritten).
import {
  ApiException,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
  type V1Secret,
} from "@kubernetes/client-node";
import type { Landing, LandingStatus, ParentCluster, SecretStore } from "./reconcile.ts";

export const LANDING_GROUP = "moons.urmanac.com";
export const LANDING_VERSION = "v1alpha1";
export const LANDING_PLURAL = "landings";

const MERGE = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);
/** Shown in managedFields, so a reader of an object sees which fields Moonlander owns. */
const FIELD_MANAGER = "moonlander";

export function isNotFound(e: unknown): boolean {
  return e instanceof ApiException && e.code === 404;
}

/** "403 secrets "x" is forbidden: ..." instead of client-node's message with every response header in it. */
export function apiErrorMessage(e: unknown): string {
  if (e instanceof ApiException) {
    let body: unknown = e.body;
    if (typeof body === "string") {
      try {
        body = JSON.parse(body);
      } catch {
        // not JSON: keep the text
      }
    }
    const message = typeof body === "object" && body !== null ? (body as { message?: unknown }).message : body;
    return `${e.code} ${String(message ?? "").slice(0, 300)}`;
  }
  return e instanceof Error ? e.message : String(e);
}

/** Rethrows API errors with a short message (they become Landing condition messages and log lines). */
async function api<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (isNotFound(e)) throw e;
    throw new Error(`${what}: ${apiErrorMessage(e)}`, { cause: e });
  }
}

const sameRecord = (a: Readonly<Record<string, string>> | undefined, b: Readonly<Record<string, string>>) =>
  Object.keys(b).length === Object.keys(a ?? {}).length && Object.entries(b).every(([k, v]) => a?.[k] === v);

export interface SecretStoreOptions {
  /** Create the target namespace when it is missing (the child's crossplane-system may not exist yet). */
  readonly createNamespace?: boolean;
  /** Told about every write, so the controller can log drift it repaired. */
  readonly onWrite?: (what: "created" | "updated" | "deleted", namespace: string, name: string, server: string) => void;
}

export function kubeSecretStore(kc: KubeConfig, opts: SecretStoreOptions = {}): SecretStore {
  const core = kc.makeApiClient(CoreV1Api);
  const server = kc.getCurrentCluster()?.server ?? "?";
  const read = async (namespace: string, name: string): Promise<V1Secret | undefined> => {
    try {
      return await api(`get secret ${namespace}/${name}`, () => core.readNamespacedSecret({ name, namespace }));
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  };
  return {
    async getSecret(namespace, name) {
      const s = await read(namespace, name);
      return s ? (s.data ?? {}) : undefined;
    },
    async applySecret(namespace, name, data, labels) {
      const current = await read(namespace, name);
      if (current) {
        const mine = Object.fromEntries(Object.keys(labels).map((k) => [k, current.metadata?.labels?.[k] ?? ""]));
        if (sameRecord(current.data, data) && sameRecord(mine, labels)) return;
        await api(`update secret ${namespace}/${name}`, () =>
          core.replaceNamespacedSecret({
            name,
            namespace,
            fieldManager: FIELD_MANAGER,
            body: {
              ...current,
              metadata: { ...current.metadata, labels: { ...current.metadata?.labels, ...labels } },
              data: { ...data },
            },
          }),
        );
        opts.onWrite?.("updated", namespace, name, server);
        return;
      }
      if (opts.createNamespace) {
        try {
          await core.createNamespace({ body: { metadata: { name: namespace } }, fieldManager: FIELD_MANAGER });
        } catch (e) {
          if (!(e instanceof ApiException && e.code === 409))
            throw new Error(`create namespace ${namespace}: ${apiErrorMessage(e)}`, { cause: e });
        }
      }
      await api(`create secret ${namespace}/${name}`, () =>
        core.createNamespacedSecret({
          namespace,
          fieldManager: FIELD_MANAGER,
          body: { metadata: { name, namespace, labels: { ...labels } }, type: "Opaque", data: { ...data } },
        }),
      );
      opts.onWrite?.("created", namespace, name, server);
    },
    async deleteSecret(namespace, name) {
      try {
        await api(`delete secret ${namespace}/${name}`, () => core.deleteNamespacedSecret({ name, namespace }));
        opts.onWrite?.("deleted", namespace, name, server);
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    },
  };
}

export function kubeParentCluster(kc: KubeConfig): ParentCluster {
  const secrets = kubeSecretStore(kc);
  const custom = kc.makeApiClient(CustomObjectsApi);
  const ref = (l: Landing) => ({
    group: LANDING_GROUP,
    version: LANDING_VERSION,
    plural: LANDING_PLURAL,
    namespace: l.metadata.namespace,
    name: l.metadata.name,
  });
  const id = (l: Landing) => `Landing ${l.metadata.namespace}/${l.metadata.name}`;
  return {
    ...secrets,
    async setFinalizers(l: Landing, finalizers: readonly string[]) {
      const metadata = {
        finalizers: [...finalizers],
        ...(l.metadata.resourceVersion ? { resourceVersion: l.metadata.resourceVersion } : {}),
      };
      await api(`patch finalizers of ${id(l)}`, () =>
        custom.patchNamespacedCustomObject({ ...ref(l), body: { metadata }, fieldManager: FIELD_MANAGER }, MERGE),
      );
    },
    async setStatus(l: Landing, status: LandingStatus) {
      await api(`patch status of ${id(l)}`, () =>
        custom.patchNamespacedCustomObjectStatus({ ...ref(l), body: { status }, fieldManager: FIELD_MANAGER }, MERGE),
      );
    },
  };
}

/** A client for a child cluster from its admin kubeconfig (YAML text, as CozyStack stores it). */
export function connectChild(kubeconfig: string, opts: SecretStoreOptions = {}): SecretStore {
  const kc = new KubeConfig();
  kc.loadFromString(kubeconfig);
  if (!kc.getCurrentCluster()) throw new Error("the child kubeconfig has no current cluster");
  return kubeSecretStore(kc, { createNamespace: true, ...opts });
}

/** Decodes one key of a secret's data (base64 on the wire). */
export function secretValue(s: { data?: Record<string, string> } | undefined, key: string): string | undefined {
  const v = s?.data?.[key];
  return v === undefined ? undefined : Buffer.from(v, "base64").toString("utf8");
}
