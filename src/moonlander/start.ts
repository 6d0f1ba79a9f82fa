// Moonlander on a real API server: client-node informers (ListWatch) for Landings in all namespaces and for the one
// parent-kubeconfig source secret (field selector metadata.name, which RBAC resourceNames require for list/watch),
// the client-node stores, and the controller loop.
import { CoreV1Api, CustomObjectsApi, type KubeConfig, ListWatch, Watch } from "@kubernetes/client-node";
import {
  type Controller,
  createController,
  type LandingObject,
  type SecretRef,
  type SourceSecret,
} from "./controller.ts";
import { connectChild, kubeParentCluster, LANDING_GROUP, LANDING_PLURAL, LANDING_VERSION } from "./kube-stores.ts";

export interface MoonlanderOptions {
  /** Where the parent kubeconfig handed to each child is read (a Secret in the parent). */
  readonly source: SecretRef;
  readonly resyncSeconds?: number;
  readonly retrySeconds?: number;
  readonly log: (line: string) => void;
}

/** Starts the controller against the parent cluster `kc`; resolves once both caches are listed. */
export async function startMoonlander(kc: KubeConfig, o: MoonlanderOptions): Promise<Controller> {
  const core = kc.makeApiClient(CoreV1Api);
  const custom = kc.makeApiClient(CustomObjectsApi);
  const watch = new Watch(kc);
  const fieldSelector = `metadata.name=${o.source.name}`;
  const source = new ListWatch<SourceSecret>(
    `/api/v1/namespaces/${o.source.namespace}/secrets`,
    watch,
    () => core.listNamespacedSecret({ namespace: o.source.namespace, fieldSelector }),
    false,
    undefined,
    fieldSelector,
  );
  const landings = new ListWatch<LandingObject>(
    `/apis/${LANDING_GROUP}/${LANDING_VERSION}/${LANDING_PLURAL}`,
    watch,
    () => custom.listClusterCustomObject({ group: LANDING_GROUP, version: LANDING_VERSION, plural: LANDING_PLURAL }),
    false,
  );
  const controller = createController({
    landings,
    source,
    sourceRef: o.source,
    parent: kubeParentCluster(kc),
    connect: (kubeconfig) =>
      connectChild(kubeconfig, {
        onWrite: (what, namespace, name, server) => o.log(`${what} secret ${namespace}/${name} in ${server}`),
      }),
    ...(o.resyncSeconds !== undefined ? { resyncSeconds: o.resyncSeconds } : {}),
    ...(o.retrySeconds !== undefined ? { retrySeconds: o.retrySeconds } : {}),
    log: o.log,
  });
  await controller.start();
  return controller;
}
