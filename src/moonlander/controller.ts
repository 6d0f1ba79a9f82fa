// Moonlander's controller loop: two informers feed one work queue that runs reconcileLanding.
// - Landings (all namespaces): every add, update or delete queues that Landing.
// - The parent-kubeconfig source secret (one named secret, watched with a metadata.name field selector so RBAC can
//   grant it by resourceNames): a change queues every Landing, so the copies in the children follow it.
// The reconcile's answer requeues the Landing (RESYNC for drift repair, RETRY while waiting), failures back off.
// Informers that lose their watch for good (client-node stops on errors other than 410) are restarted here.
import type { Informer, KubernetesObject, ObjectCache } from "@kubernetes/client-node";
import { apiErrorMessage } from "./kube-stores.ts";
import { type Landing, type ParentCluster, reconcileLanding, type SecretStore } from "./reconcile.ts";
import { WorkQueue } from "./work-queue.ts";

export interface SecretRef {
  readonly namespace: string;
  readonly name: string;
  readonly key: string;
}

export type LandingObject = Landing & KubernetesObject;
export interface SourceSecret extends KubernetesObject {
  data?: Record<string, string>;
}

export interface ControllerDeps {
  readonly landings: Informer<LandingObject> & ObjectCache<LandingObject>;
  readonly source: Informer<SourceSecret> & ObjectCache<SourceSecret>;
  readonly sourceRef: SecretRef;
  readonly parent: ParentCluster;
  readonly connect: (kubeconfig: string) => SecretStore;
  readonly resyncSeconds?: number;
  readonly retrySeconds?: number;
  readonly log: (line: string) => void;
  readonly now?: () => Date;
  /** First wait before restarting an informer whose watch failed (default 1 s, doubling to 30 s). */
  readonly restartDelayMs?: number;
}

export interface Controller {
  /** Lists both sources (the caches are filled when it resolves) and starts working the queue. */
  start(): Promise<void>;
  /** Stops the watches, drops scheduled work and waits for the reconcile in hand. */
  stop(): Promise<void>;
}

const keyOf = (o: KubernetesObject) => `${o.metadata?.namespace ?? ""}/${o.metadata?.name ?? ""}`;

export function createController(deps: ControllerDeps): Controller {
  const { landings, source, sourceRef, log } = deps;
  let stopped = false;
  const lastReason = new Map<string, string>();
  const restarts = new Set<NodeJS.Timeout>();

  const parentKubeconfig = (): string | undefined => {
    const v = source.get(sourceRef.name, sourceRef.namespace)?.data?.[sourceRef.key];
    return v === undefined ? undefined : Buffer.from(v, "base64").toString("utf8");
  };

  const queue = new WorkQueue(
    async (key) => {
      const [namespace = "", name = ""] = key.split("/");
      const landing = landings.get(name, namespace);
      if (!landing) {
        lastReason.delete(key);
        return undefined;
      }
      const r = await reconcileLanding(landing, {
        parent: deps.parent,
        connect: deps.connect,
        parentKubeconfig,
        now: deps.now ?? (() => new Date()),
        ...(deps.resyncSeconds !== undefined ? { resyncSeconds: deps.resyncSeconds } : {}),
        ...(deps.retrySeconds !== undefined ? { retrySeconds: deps.retrySeconds } : {}),
      });
      // One line per change of outcome, not one per resync.
      if (lastReason.get(key) !== r.reason) {
        const extra =
          r.reason === "ParentKubeconfigMissing"
            ? ` (waiting for secret ${sourceRef.namespace}/${sourceRef.name} key ${sourceRef.key})`
            : "";
        log(`Landing ${key}: ${r.reason}${extra}`);
        lastReason.set(key, r.reason);
      }
      return r.requeueAfter;
    },
    {
      onError: (key, e, retryInMs) =>
        log(`Landing ${key}: reconcile failed, retry in ${retryInMs / 1000}s: ${(e as Error).message}`),
    },
  );

  const queueAll = () => {
    for (const l of landings.list()) queue.add(keyOf(l));
  };
  const enqueue = (o: LandingObject) => queue.add(keyOf(o));
  landings.on("add", enqueue);
  landings.on("update", enqueue);
  landings.on("delete", enqueue);
  for (const verb of ["add", "update", "delete"] as const) source.on(verb, queueAll);

  // A watch that fails is restarted after restartDelayMs, doubling up to 30 s while it keeps failing (an API server
  // still initializing a new CRD answers 429 for a moment; missing RBAC fails for good and is logged each time).
  const restartOnError = (what: string, informer: Informer<KubernetesObject>) => {
    let failures = 0;
    const healthy = () => {
      failures = 0;
    };
    for (const verb of ["add", "update", "delete"] as const) informer.on(verb, healthy);
    informer.on("error", (err?: unknown) => {
      if (stopped) return;
      const delay = Math.min((deps.restartDelayMs ?? 1_000) * 2 ** failures++, 30_000);
      log(`watch of ${what} failed, restarting in ${delay / 1000}s: ${apiErrorMessage(err)}`);
      const t = setTimeout(() => {
        restarts.delete(t);
        if (!stopped) void informer.start();
      }, delay);
      restarts.add(t);
    });
  };
  restartOnError(`secret ${sourceRef.namespace}/${sourceRef.name}`, source as Informer<KubernetesObject>);
  restartOnError("Landings", landings as Informer<KubernetesObject>);

  return {
    async start() {
      // The source first, so the first reconciles already see the parent kubeconfig.
      await source.start();
      await landings.start();
    },
    async stop() {
      stopped = true;
      for (const t of restarts) clearTimeout(t);
      restarts.clear();
      await Promise.all([landings.stop(), source.stop()]);
      await queue.stop();
    },
  };
}
