// The control plane's kube-apiserver on loopback: client-certificate authentication against the generated CA,
// Node,RBAC authorization (so components and ServiceAccounts get exactly their rights), service-account tokens signed
// with the generated key, ready when /readyz answers 200 to the admin certificate.
import { request } from "node:https";
import { IMAGE_VOLUME_GATE } from "../../render/talos/machine-defaults.ts";
import { waitFor } from "../proc.ts";
import { program } from "../tools.ts";
import type { ControlPlaneFiles } from "./control-plane-files.ts";
import type { Pem } from "./pki.ts";
import { ProcessGroup } from "./process-group.ts";

/** The ClusterIP range and the apiserver's service address (first of the range; on the serving certificate). */
export const SERVICE_RANGE = "10.0.0.0/24";
export const SERVICE_IP = "10.0.0.1";

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

export interface ApiServerStart {
  readonly group: ProcessGroup;
  readonly files: ControlPlaneFiles;
  readonly etcdUrl: string;
  readonly port: number;
  readonly ca: string;
  readonly admin: Pem;
  readonly timeoutMs: number;
}

/** Starts kube-apiserver in `s.group`; resolves once /readyz is 200. */
export async function startApiServer(s: ApiServerStart): Promise<void> {
  const f = s.files;
  const apiserver = s.group.launch("kube-apiserver", program("kube-apiserver"), [
    `--etcd-servers=${s.etcdUrl}`,
    "--bind-address=127.0.0.1",
    "--advertise-address=127.0.0.1",
    `--secure-port=${s.port}`,
    `--tls-cert-file=${f.servingCrt}`,
    `--tls-private-key-file=${f.servingKey}`,
    `--client-ca-file=${f.caCrt}`,
    "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
    `--service-account-key-file=${f.saPub}`,
    `--service-account-signing-key-file=${f.saKey}`,
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
  const url = `https://127.0.0.1:${s.port}/readyz`;
  const v = await waitFor(
    "kube-apiserver /readyz",
    async () => ProcessGroup.alive(apiserver) || ((await httpsStatus(url, s.ca, s.admin)) === 200 ? "" : undefined),
    s.timeoutMs,
    200,
  );
  if (v !== "") throw new Error(v);
}
