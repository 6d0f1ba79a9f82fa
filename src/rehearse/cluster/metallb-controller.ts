// MetalLB's real controller (go.universe.tf/metallb/controller, built by scripts/test-tools/39-metallb.sh) run as a
// local process against a rehearsal's API server with the admin kubeconfig (in a cluster its ServiceAccount has
// rights over Services, pools and events cluster-wide). What it needs and a cluster would give it:
// - its own Pod object: it reads it at start for owner references and exits without one ("unable to get own pod"),
//   so the rehearsal creates a stand-in Pod, labelled as such, and passes its name with --pod-name;
// - that Pod needs the namespace's `default` ServiceAccount (admission refuses a Pod without it): the full control
//   plane's controller-manager creates it; an API server alone does not, so it is created when absent.
// The webhook is disabled (it would need serving certificates and a Service routed to this process). Its metrics
// and health-probe ports take only a port, no address (no flag binds them to 127.0.0.1), so free ports are used and
// they listen on every interface while the rehearsal runs.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { ApiException, type CoreV1Api } from "@kubernetes/client-node";
import { COMPONENTS } from "../../versions/matrix.ts";
import { type Started, waitFor } from "../proc.ts";
import { program } from "../tools.ts";
import { freePorts } from "./free-ports.ts";
import { ProcessGroup } from "./process-group.ts";

export const STAND_IN_LABEL = "moonlab.dev/rehearsal-stand-in";
export const STAND_IN_POD = "metallb-controller-stand-in";

export interface MetallbController {
  readonly process: Started;
  /** What the rehearsal created for the controller (the stand-in Pod, a ServiceAccount it had to create). */
  readonly standIns: readonly string[];
  stop(): Promise<void>;
}

const ignoreConflict = (e: unknown): void => {
  if (!(e instanceof ApiException && e.code === 409)) throw e;
};

/** The objects the controller reads about itself; returns what it created. */
async function standIns(core: CoreV1Api, namespace: string): Promise<string[]> {
  const made: string[] = [];
  const sa = await core.readNamespacedServiceAccount({ name: "default", namespace }).catch(() => undefined);
  if (!sa) {
    await core
      .createNamespacedServiceAccount({ namespace, body: { metadata: { name: "default" } } })
      .catch(ignoreConflict);
    made.push(`ServiceAccount ${namespace}/default`);
  }
  const image = `quay.io/metallb/controller:${COMPONENTS.metallb.version}`;
  const body = {
    metadata: { name: STAND_IN_POD, labels: { [STAND_IN_LABEL]: "metallb-controller" } },
    spec: { containers: [{ name: "controller", image }] },
  };
  await core.createNamespacedPod({ namespace, body }).catch(ignoreConflict);
  made.push(`Pod ${namespace}/${STAND_IN_POD} (stand-in: the controller runs as a local process)`);
  return made;
}

export async function startMetallbController(o: {
  readonly kubeconfigPath: string;
  readonly core: CoreV1Api;
  readonly namespace: string;
  readonly workDir: string;
}): Promise<MetallbController> {
  const made = await standIns(o.core, o.namespace);
  const [metrics, health] = (await freePorts(2)) as [number, number];
  mkdirSync(join(o.workDir, "logs"), { recursive: true });
  const group = new ProcessGroup(join(o.workDir, "logs"));
  const p = group.launch("metallb-controller", program("metallb-controller"), [
    `--kubeconfig=${o.kubeconfigPath}`,
    `--namespace=${o.namespace}`,
    `--pod-name=${STAND_IN_POD}`,
    "--webhook-mode=disabled",
    `--port=${metrics}`,
    `--health-probe-port=${health}`,
  ]);
  try {
    await waitFor(
      "metallb-controller /readyz",
      async () => {
        const dead = ProcessGroup.alive(p);
        if (dead) throw new Error(dead);
        const r = await fetch(`http://127.0.0.1:${health}/readyz`, { signal: AbortSignal.timeout(2000) }).catch(
          () => undefined,
        );
        return r?.status === 200 ? true : undefined;
      },
      60_000,
      250,
    );
  } catch (e) {
    await group.stop();
    throw e;
  }
  return { process: p, standIns: made, stop: () => group.stop() };
}
