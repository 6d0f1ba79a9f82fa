// The control plane's etcd: one member on loopback, a throwaway store (no fsync: durability is not wanted, speed on
// a shared disk is), ready when /health answers 200.
import { join } from "node:path";
import { waitFor } from "../proc.ts";
import { program } from "../tools.ts";
import { ProcessGroup } from "./process-group.ts";

export interface EtcdPorts {
  readonly client: number;
  readonly peer: number;
  readonly metrics: number;
}

export const httpStatus = (url: string): Promise<number> =>
  fetch(url, { signal: AbortSignal.timeout(2000) }).then(
    (r) => r.status,
    () => 0,
  );

/** Starts etcd in `group` and resolves with its client URL once healthy. */
export async function startEtcd(
  group: ProcessGroup,
  dir: string,
  ports: EtcdPorts,
  timeoutMs: number,
): Promise<string> {
  const etcdUrl = `http://127.0.0.1:${ports.client}`;
  const peerUrl = `http://127.0.0.1:${ports.peer}`;
  const etcd = group.launch("etcd", program("etcd"), [
    "--name=rehearsal",
    `--data-dir=${join(dir, "etcd")}`,
    "--unsafe-no-fsync",
    `--listen-client-urls=${etcdUrl}`,
    `--advertise-client-urls=${etcdUrl}`,
    `--listen-peer-urls=${peerUrl}`,
    `--initial-advertise-peer-urls=${peerUrl}`,
    `--initial-cluster=rehearsal=${peerUrl}`,
    `--listen-metrics-urls=http://127.0.0.1:${ports.metrics}`,
  ]);
  const v = await waitFor(
    "etcd /health",
    async () => {
      const dead = ProcessGroup.alive(etcd);
      if (dead) return dead;
      return (await httpStatus(`${etcdUrl}/health`)) === 200 ? true : undefined;
    },
    timeoutMs,
    100,
  );
  if (v !== true) throw new Error(String(v));
  return etcdUrl;
}
