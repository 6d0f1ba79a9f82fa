// A local Kubernetes control plane made of the real programs (etcd, kube-apiserver, kube-controller-manager,
// kube-scheduler) plus kwok, which plays the kubelet of fake nodes so pods scheduled on them become Running. Used by
// the integration tests and by `moonlab rehearse cluster`. Everything listens on free ports of 127.0.0.1, the PKI is
// generated per start, RBAC is on (the components authenticate as their own users), and every process is killed by
// stop() or, as a safety net, when this process exits (Ctrl-C included).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { IMAGE_VOLUME_GATE } from "../../render/talos/machine-defaults.ts";
import { killGroup, readLog, runOk, type Started, start, waitFor } from "../proc.ts";
import { program } from "../tools.ts";
import { guardGroup, releaseGroup } from "./exit-guard.ts";
import { type COMPONENT_USERS, generateControlPlanePki, type Pem } from "./pki.ts";
import { kwokStagesFile } from "./tools.ts";

export { findControlPlaneTools } from "./tools.ts";

/** A fake node: kwok marks it Ready and runs the pods scheduled onto it. */
export interface KwokNode {
  readonly name: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly taints?: readonly { readonly key: string; readonly value?: string; readonly effect: string }[];
}

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

/** The ClusterIP range and the apiserver's service address (first of the range; on the serving certificate). */
const SERVICE_RANGE = "10.0.0.0/24";
const SERVICE_IP = "10.0.0.1";
export const KWOK_ANNOTATION = "kwok.x-k8s.io/node";

export async function freePorts(n: number): Promise<number[]> {
  // All held open at once so the kernel hands out n distinct ports, then released for the programs to bind.
  const servers = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<import("node:net").Server>((resolve, reject) => {
          const s = createServer();
          s.once("error", reject);
          s.listen(0, "127.0.0.1", () => resolve(s));
        }),
    ),
  );
  const ports = servers.map((s) => {
    const a = s.address();
    if (a === null || typeof a === "string") throw new Error("no port");
    return a.port;
  });
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

function kubeconfig(server: string, caPem: string, user: string, client: Pem): string {
  const b64 = (s: string) => Buffer.from(s).toString("base64");
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: "rehearsal", cluster: { server, "certificate-authority-data": b64(caPem) } }],
    users: [{ name: user, user: { "client-certificate-data": b64(client.cert), "client-key-data": b64(client.key) } }],
    contexts: [{ name: "rehearsal", context: { cluster: "rehearsal", user } }],
    "current-context": "rehearsal",
  });
}

function httpsStatus(url: string, ca: string, client: Pem): Promise<number> {
  return new Promise((resolve) => {
    const req = request(url, { ca, cert: client.cert, key: client.key, timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", () => resolve(0));
    req.on("timeout", () => req.destroy());
    req.end();
  });
}

function httpStatus(url: string): Promise<number> {
  return fetch(url, { signal: AbortSignal.timeout(2000) }).then(
    (r) => r.status,
    () => 0,
  );
}

export function nodeManifests(nodes: readonly KwokNode[]): string {
  return nodes
    .map((n) =>
      stringify({
        apiVersion: "v1",
        kind: "Node",
        metadata: {
          name: n.name,
          labels: { "kubernetes.io/hostname": n.name, "kubernetes.io/os": "linux", type: "kwok", ...n.labels },
          annotations: { [KWOK_ANNOTATION]: "fake", "node.alpha.kubernetes.io/ttl": "0" },
        },
        spec: n.taints && n.taints.length > 0 ? { taints: n.taints.map((t) => ({ ...t })) } : {},
      }),
    )
    .join("---\n");
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
  if (!full && (opts.kwokNodes ?? []).length > 0) throw new Error("kwokNodes need the full control plane");
  const bins = {
    etcd: program("etcd"),
    apiserver: program("kube-apiserver"),
    cm: full ? program("kube-controller-manager") : "",
    scheduler: full ? program("kube-scheduler") : "",
    kubectl: full ? program("kubectl") : "",
    kwok: full ? program("kwok") : "",
  };
  const stages = full ? kwokStagesFile() : "";

  const procs: Started[] = [];
  let stopped = false;
  const stopProcesses = async (): Promise<void> => {
    for (const p of [...procs].reverse()) {
      await killGroup(p, 5000);
      releaseGroup(p.pid);
    }
  };
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await stopProcesses();
    if (ownDir) rmSync(dir, { recursive: true, force: true });
  };
  const launch = (name: string, cmd: string, args: readonly string[]): Started => {
    const p = start(name, cmd, args, { logFile: join(dir, "logs", `${name}.log`) });
    guardGroup(p.pid);
    procs.push(p);
    return p;
  };
  /** The components an apiServerOnly control plane leaves out. */
  const launchUnlessApiOnly = (name: string, cmd: string, args: readonly string[]): void => {
    if (full) launch(name, cmd, args);
  };
  const alive = (p: Started): string => (p.isRunning() ? "" : `${p.name} exited:\n${readLog(p.logFile).slice(-3000)}`);

  try {
    const [etcdClient, etcdPeer, etcdMetrics, apiPort, cmPort, schedPort, kwokPort] = (await freePorts(7)) as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const pki = await generateControlPlanePki(SERVICE_IP);
    const f = (name: string, content: string, mode = 0o600): string => {
      const p = join(dir, "pki", name);
      writeFileSync(p, content, { mode });
      return p;
    };
    const caCrt = f("ca.crt", pki.ca.cert, 0o644);
    const caKey = f("ca.key", pki.ca.key);
    const servingCrt = f("apiserver.crt", pki.serving.cert, 0o644);
    const servingKey = f("apiserver.key", pki.serving.key);
    const saKey = f("sa.key", pki.serviceAccount.key);
    const saPub = f("sa.pub", pki.serviceAccount.pub, 0o644);
    const server = `https://127.0.0.1:${apiPort}`;
    const kubeconfigPath = join(dir, "admin.kubeconfig");
    writeFileSync(kubeconfigPath, kubeconfig(server, pki.ca.cert, "moonlab-admin", pki.admin), { mode: 0o600 });
    const componentConfig = (user: (typeof COMPONENT_USERS)[number]): string => {
      const p = join(dir, `${user.replace("system:", "")}.kubeconfig`);
      const pem = pki.components[user];
      if (!pem) throw new Error(`no certificate for ${user}`);
      writeFileSync(p, kubeconfig(server, pki.ca.cert, user, pem), { mode: 0o600 });
      return p;
    };

    const etcdUrl = `http://127.0.0.1:${etcdClient}`;
    const peerUrl = `http://127.0.0.1:${etcdPeer}`;
    const etcd = launch("etcd", bins.etcd, [
      "--name=rehearsal",
      `--data-dir=${join(dir, "etcd")}`,
      "--unsafe-no-fsync", // a throwaway store: durability is not wanted, speed on a shared disk is
      `--listen-client-urls=${etcdUrl}`,
      `--advertise-client-urls=${etcdUrl}`,
      `--listen-peer-urls=${peerUrl}`,
      `--initial-advertise-peer-urls=${peerUrl}`,
      `--initial-cluster=rehearsal=${peerUrl}`,
      `--listen-metrics-urls=http://127.0.0.1:${etcdMetrics}`,
    ]);
    await waitFor(
      "etcd /health",
      async () => (alive(etcd) ? alive(etcd) : (await httpStatus(`${etcdUrl}/health`)) === 200 ? true : undefined),
      timeout,
      100,
    ).then((v) => {
      if (v !== true) throw new Error(String(v));
    });
    log(`etcd ready on ${etcdUrl} (${ms(t0)})`);

    const apiserver = launch("kube-apiserver", bins.apiserver, [
      `--etcd-servers=${etcdUrl}`,
      "--bind-address=127.0.0.1",
      "--advertise-address=127.0.0.1",
      `--secure-port=${apiPort}`,
      `--tls-cert-file=${servingCrt}`,
      `--tls-private-key-file=${servingKey}`,
      `--client-ca-file=${caCrt}`,
      "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
      `--service-account-key-file=${saPub}`,
      `--service-account-signing-key-file=${saKey}`,
      `--service-cluster-ip-range=${SERVICE_RANGE}`,
      "--authorization-mode=Node,RBAC",
      "--allow-privileged=true",
      // No kubelet-reachable endpoint for the `kubernetes` Service: 127.0.0.1 is not a valid endpoint address.
      "--endpoint-reconciler-type=none",
      "--profiling=false",
      // As the lab's Talos 1.11 control plane (Kubernetes 1.34, like this one) runs it: Moonlander's Deployment
      // mounts an image volume, whose source an API server with the gate off drops (then rejects the volume).
      `--feature-gates=${IMAGE_VOLUME_GATE}=true`,
    ]);
    await waitFor(
      "kube-apiserver /readyz",
      async () =>
        alive(apiserver) || ((await httpsStatus(`${server}/readyz`, pki.ca.cert, pki.admin)) === 200 ? "" : undefined),
      timeout,
      200,
    ).then((v) => {
      if (v !== "") throw new Error(v);
    });
    log(`kube-apiserver ready on ${server} (${ms(t0)})`);

    const cmConfig = componentConfig("system:kube-controller-manager");
    launchUnlessApiOnly("kube-controller-manager", bins.cm, [
      `--kubeconfig=${cmConfig}`,
      `--authentication-kubeconfig=${cmConfig}`,
      `--authorization-kubeconfig=${cmConfig}`,
      "--leader-elect=false",
      "--bind-address=127.0.0.1",
      `--secure-port=${cmPort}`,
      `--service-account-private-key-file=${saKey}`,
      `--root-ca-file=${caCrt}`,
      "--use-service-account-credentials=true",
      `--cluster-signing-cert-file=${caCrt}`,
      `--cluster-signing-key-file=${caKey}`,
      `--service-cluster-ip-range=${SERVICE_RANGE}`,
    ]);
    const schedConfig = componentConfig("system:kube-scheduler");
    launchUnlessApiOnly("kube-scheduler", bins.scheduler, [
      `--kubeconfig=${schedConfig}`,
      `--authentication-kubeconfig=${schedConfig}`,
      `--authorization-kubeconfig=${schedConfig}`,
      "--leader-elect=false",
      "--bind-address=127.0.0.1",
      `--secure-port=${schedPort}`,
    ]);
    launchUnlessApiOnly("kwok", bins.kwok, [
      `--kubeconfig=${kubeconfigPath}`,
      `--config=${stages}`,
      "--manage-all-nodes=false",
      `--manage-nodes-with-annotation-selector=${KWOK_ANNOTATION}=fake`,
      "--cidr=10.244.0.1/16",
      "--node-ip=10.244.0.1",
      `--server-address=127.0.0.1:${kwokPort}`,
    ]);

    const kubectl = (args: readonly string[], ms_ = 30_000) =>
      runOk(bins.kubectl, [`--kubeconfig=${kubeconfigPath}`, ...args], ms_);
    // Pods are admitted only once the controller-manager created the namespace's `default` ServiceAccount.
    await waitFor(
      "the default ServiceAccount (kube-controller-manager running)",
      async () => {
        const dead = procs.map(alive).find((s) => s !== "");
        if (dead) throw new Error(dead);
        if (!full) return true;
        return (await kubectl(["get", "serviceaccount", "default", "-n", "default", "-o", "name"]).catch(() => ""))
          ? true
          : undefined;
      },
      timeout,
      250,
    );
    const nodes = opts.kwokNodes ?? [];
    if (nodes.length > 0) {
      const file = join(dir, "kwok-nodes.yaml");
      writeFileSync(file, nodeManifests(nodes));
      await kubectl(["apply", "-f", file]);
      await kubectl(
        [
          "wait",
          "--for=condition=Ready",
          `--timeout=${Math.round(timeout / 1000)}s`,
          ...nodes.map((n) => `node/${n.name}`),
        ],
        timeout + 5000,
      );
      log(`${nodes.length} kwok node(s) Ready: ${nodes.map((n) => n.name).join(", ")}`);
    }
    const readyMs = Math.round(performance.now() - t0);
    log(`control plane ready in ${(readyMs / 1000).toFixed(1)} s`);
    return { kubeconfigPath, server, workDir: dir, readyMs, stop };
  } catch (e) {
    // The logs stay for the post-mortem.
    stopped = true;
    await stopProcesses();
    throw new Error(`the local control plane did not start: ${(e as Error).message} (logs in ${join(dir, "logs")})`);
  }
}

const ms = (t0: number): string => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
