// A local Kubernetes control plane made of the real programs (etcd, kube-apiserver, kube-controller-manager,
// kube-scheduler) plus kwok, which plays the kubelet of fake nodes so pods scheduled on them become Running. Used by
// the integration tests and by `moonlab rehearse cluster`. Everything listens on free ports of 127.0.0.1, the PKI is
// generated per start, RBAC is on (the components authenticate as their own users), and every process is killed by
// stop() or, as a safety net, when this process exits (Ctrl-C included).
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { program } from "../tools.ts";
import { launchControllers, waitForDefaultServiceAccount } from "./control-plane-controllers.ts";
import { writeControlPlaneFiles } from "./control-plane-files.ts";
import { startEtcd } from "./etcd.ts";
import { freePorts } from "./free-ports.ts";
import { SERVICE_IP, startApiServer } from "./kube-apiserver.ts";
import { addKwokNodes, type KwokNode } from "./kwok-nodes.ts";
import { generateControlPlanePki } from "./pki.ts";
import { ProcessGroup } from "./process-group.ts";
import { kwokStagesFile } from "./tools.ts";

export { freePorts } from "./free-ports.ts";
export { KWOK_ANNOTATION, type KwokNode, nodeManifests } from "./kwok-nodes.ts";
export { findControlPlaneTools } from "./tools.ts";

export interface ControlPlaneOptions {
  /** Where certificates, etcd data and logs go (default: a temporary directory, removed by stop()). */
  readonly workDir?: string;
  readonly kwokNodes?: readonly KwokNode[];
  readonly log?: (line: string) => void;
  /** Bound on each wait (default 90 s: other work shares the 2-core machine this was built for). */
  readonly timeoutMs?: number;
  /**
   * etcd and kube-apiserver only (no controller-manager, scheduler or kwok, no kwokNodes): a cluster whose API is all
   * a test needs, e.g. the stand-in for a guest cluster in the Moonlander test. Needs only etcd and kube-apiserver.
   */
  readonly apiServerOnly?: boolean;
}

export interface ControlPlane {
  /** A kubeconfig with system:masters rights (client certificate embedded). */
  readonly kubeconfigPath: string;
  /** https://127.0.0.1:<port> */
  readonly server: string;
  readonly workDir: string;
  /** ms from the call to a ready API server with the `default` ServiceAccount and every kwok node Ready. */
  readonly readyMs: number;
  stop(): Promise<void>;
}

/** Resolves every program (and kwok's stage file) first, so a missing one fails before anything starts. */
function requirePrograms(full: boolean): void {
  for (const name of ["etcd", "kube-apiserver"]) program(name);
  if (!full) return;
  for (const name of ["kube-controller-manager", "kube-scheduler", "kubectl", "kwok"]) program(name);
  kwokStagesFile();
}

export async function startControlPlane(opts: ControlPlaneOptions = {}): Promise<ControlPlane> {
  const t0 = performance.now();
  const log = opts.log ?? (() => {});
  const timeout = opts.timeoutMs ?? 90_000;
  const ownDir = opts.workDir === undefined;
  const dir = opts.workDir ?? mkdtempSync(join(tmpdir(), "moonlab-cp-"));
  mkdirSync(join(dir, "pki"), { recursive: true });
  mkdirSync(join(dir, "logs"), { recursive: true });
  const full = opts.apiServerOnly !== true;
  const nodes = opts.kwokNodes ?? [];
  if (!full && nodes.length > 0) throw new Error("kwokNodes need the full control plane");
  requirePrograms(full);
  const group = new ProcessGroup(join(dir, "logs"));
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await group.stop();
    if (ownDir) rmSync(dir, { recursive: true, force: true });
  };
  try {
    const [client, peer, metrics, apiPort, controllerManager, scheduler, kwok] = (await freePorts(7)) as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const pki = await generateControlPlanePki(SERVICE_IP);
    const server = `https://127.0.0.1:${apiPort}`;
    const files = writeControlPlaneFiles(dir, pki, server);
    const etcdUrl = await startEtcd(group, dir, { client, peer, metrics }, timeout);
    log(`etcd ready on ${etcdUrl} (${ms(t0)})`);
    await startApiServer({
      group,
      files,
      etcdUrl,
      port: apiPort,
      ca: pki.ca.cert,
      admin: pki.admin,
      timeoutMs: timeout,
    });
    log(`kube-apiserver ready on ${server} (${ms(t0)})`);
    if (full) {
      launchControllers(group, files, { controllerManager, scheduler, kwok });
      await waitForDefaultServiceAccount(group, files.adminKubeconfig, timeout);
    }
    if (nodes.length > 0) {
      await addKwokNodes(dir, files.adminKubeconfig, nodes, timeout);
      log(`${nodes.length} kwok node(s) Ready: ${nodes.map((n) => n.name).join(", ")}`);
    }
    const readyMs = Math.round(performance.now() - t0);
    log(`control plane ready in ${(readyMs / 1000).toFixed(1)} s`);
    return { kubeconfigPath: files.adminKubeconfig, server, workDir: dir, readyMs, stop };
  } catch (e) {
    // The logs stay for the post-mortem.
    stopped = true;
    await group.stop();
    throw new Error(`the local control plane did not start: ${(e as Error).message} (logs in ${join(dir, "logs")})`);
  }
}

const ms = (t0: number): string => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
