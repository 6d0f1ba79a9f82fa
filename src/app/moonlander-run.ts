// `moonlander run`: Moonlander's controller as a long-running process. In a pod it uses the ServiceAccount
// (in-cluster config); elsewhere a kubeconfig. SIGINT/SIGTERM stop it cleanly: watches closed, the reconcile in hand
// finished, nothing scheduled left behind (a restart converges from what the API server holds).
import { KubeConfig } from "@kubernetes/client-node";
import { kubeConfigFrom } from "../adapters/kube/client-node.ts";
import { UsageError } from "../errors.ts";
import { startMoonlander } from "../moonlander/start.ts";

export interface RunMoonlanderOptions {
  readonly kubeconfig?: string;
  readonly context?: string;
  /** "namespace/name" of the parent-kubeconfig source secret. */
  readonly source: string;
  readonly sourceKey: string;
  readonly resyncSeconds: number;
  readonly retrySeconds: number;
  readonly log: (line: string) => void;
  /** Resolves when the process should stop (default: the first SIGINT or SIGTERM). */
  readonly until?: Promise<string>;
}

function seconds(flag: string, v: number): number {
  if (!Number.isFinite(v) || v <= 0) throw new UsageError(`${flag} must be a positive number of seconds`);
  return v;
}

function parentConfig(o: RunMoonlanderOptions): KubeConfig {
  if (o.kubeconfig) return kubeConfigFrom(o.kubeconfig, o.context);
  if (!process.env.KUBERNETES_SERVICE_HOST)
    throw new UsageError("not running in a pod (no KUBERNETES_SERVICE_HOST): pass --kubeconfig FILE");
  const kc = new KubeConfig();
  kc.loadFromCluster();
  return kc;
}

function signalled(): Promise<string> {
  return new Promise((resolve) => {
    const on = (sig: NodeJS.Signals) => {
      process.off("SIGINT", on);
      process.off("SIGTERM", on);
      resolve(sig);
    };
    process.on("SIGINT", on);
    process.on("SIGTERM", on);
  });
}

export async function runMoonlander(o: RunMoonlanderOptions): Promise<void> {
  const m = /^([a-z0-9-]+)\/([a-z0-9.-]+)$/.exec(o.source);
  if (!m?.[1] || !m[2])
    throw new UsageError(`--parent-kubeconfig-secret must be namespace/name (received ${JSON.stringify(o.source)})`);
  const resyncSeconds = seconds("--resync", o.resyncSeconds);
  const retrySeconds = seconds("--retry", o.retrySeconds);
  const kc = parentConfig(o);
  // Listen before the first await, so a signal during start-up is not lost.
  const until = o.until ?? signalled();
  const source = { namespace: m[1], name: m[2], key: o.sourceKey };
  o.log(
    `starting against ${kc.getCurrentCluster()?.server}; parent kubeconfig from secret ${o.source} key ${o.sourceKey}; resync ${resyncSeconds}s`,
  );
  const controller = await startMoonlander(kc, { source, resyncSeconds, retrySeconds, log: o.log });
  o.log("watching Landings");
  const why = await until;
  o.log(`${why}: stopping`);
  await controller.stop();
  o.log("stopped");
}
