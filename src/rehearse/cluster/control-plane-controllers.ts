// The rest of a full control plane: kube-controller-manager (it creates the `default` ServiceAccounts, without
// which no pod is admitted, and signs with the cluster CA), kube-scheduler, and kwok, which plays the kubelet of the
// nodes annotated for it. Each authenticates as its own user; secure ports are free ports (the machine is shared).
import { runOk, waitFor } from "../proc.ts";
import { program } from "../tools.ts";
import type { ControlPlaneFiles } from "./control-plane-files.ts";
import { SERVICE_RANGE } from "./kube-apiserver.ts";
import { KWOK_ANNOTATION } from "./kwok-nodes.ts";
import type { ProcessGroup } from "./process-group.ts";
import { kwokStagesFile } from "./tools.ts";

export interface ControllerPorts {
  readonly controllerManager: number;
  readonly scheduler: number;
  readonly kwok: number;
}

export function launchControllers(group: ProcessGroup, f: ControlPlaneFiles, ports: ControllerPorts): void {
  const cm = f.componentKubeconfig("system:kube-controller-manager");
  group.launch("kube-controller-manager", program("kube-controller-manager"), [
    `--kubeconfig=${cm}`,
    `--authentication-kubeconfig=${cm}`,
    `--authorization-kubeconfig=${cm}`,
    "--leader-elect=false",
    "--bind-address=127.0.0.1",
    `--secure-port=${ports.controllerManager}`,
    `--service-account-private-key-file=${f.saKey}`,
    `--root-ca-file=${f.caCrt}`,
    "--use-service-account-credentials=true",
    `--cluster-signing-cert-file=${f.caCrt}`,
    `--cluster-signing-key-file=${f.caKey}`,
    `--service-cluster-ip-range=${SERVICE_RANGE}`,
  ]);
  const sched = f.componentKubeconfig("system:kube-scheduler");
  group.launch("kube-scheduler", program("kube-scheduler"), [
    `--kubeconfig=${sched}`,
    `--authentication-kubeconfig=${sched}`,
    `--authorization-kubeconfig=${sched}`,
    "--leader-elect=false",
    "--bind-address=127.0.0.1",
    `--secure-port=${ports.scheduler}`,
  ]);
  group.launch("kwok", program("kwok"), [
    `--kubeconfig=${f.adminKubeconfig}`,
    `--config=${kwokStagesFile()}`,
    "--manage-all-nodes=false",
    `--manage-nodes-with-annotation-selector=${KWOK_ANNOTATION}=fake`,
    "--cidr=10.244.0.1/16",
    "--node-ip=10.244.0.1",
    `--server-address=127.0.0.1:${ports.kwok}`,
  ]);
}

/** Pods are admitted only once the controller-manager created the namespace's `default` ServiceAccount. */
export async function waitForDefaultServiceAccount(
  group: ProcessGroup,
  adminKubeconfig: string,
  timeoutMs: number,
): Promise<void> {
  const get = ["get", "serviceaccount", "default", "-n", "default", "-o", "name"];
  await waitFor(
    "the default ServiceAccount (kube-controller-manager running)",
    async () => {
      const dead = group.firstDead();
      if (dead) throw new Error(dead);
      const found = await runOk(program("kubectl"), [`--kubeconfig=${adminKubeconfig}`, ...get], 30_000).catch(
        () => "",
      );
      return found ? true : undefined;
    },
    timeoutMs,
    250,
  );
}
