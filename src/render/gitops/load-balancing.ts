// T10: how the demo app is reached. Home/local with a pool: MetalLB L2 (CozyStack runs MetalLB in cozy-metallb)
// and a LoadBalancer Service pinned to the pool's first address. AWS (L2 ARP is emulated in a VPC, MetalLB L2
// cannot work) or no pool: a NodePort Service on a fixed port; the bastion, inside the lab subnet, reaches it on
// every node's address. The renderer chooses from the target; README.md in the tree says which was chosen.
import type { Plan } from "../../plan/types.ts";
import {
  DEMO_APP,
  DEMO_NAMESPACE,
  DEMO_NODE_PORT,
  LB_POOL_NAME,
  METALLB_NAMESPACE,
  SPIN_EXTENSION,
  SPINAPP_POD_LABEL,
} from "./layout.ts";
import { type K8sObject, labels, obj } from "./objects.ts";

export type LbMode = "metallb-l2" | "nodeport";
export const DEMO_SERVICE = `${DEMO_APP}-lb`;
/** The HTTP port Spin listens on in the pods spin-operator creates. */
export const SPIN_HTTP_PORT = 80;

export function lbMode(plan: Plan): LbMode {
  return plan.target !== "aws" && plan.network.loadBalancerPool !== undefined ? "metallb-l2" : "nodeport";
}

export function metallbObjects(plan: Plan): K8sObject[] {
  const pool = plan.network.loadBalancerPool;
  if (lbMode(plan) !== "metallb-l2" || !pool) return [];
  const meta = { name: LB_POOL_NAME, namespace: METALLB_NAMESPACE, labels: labels(plan) };
  return [
    obj("metallb.io/v1beta1", "IPAddressPool", meta, {
      spec: { addresses: [`${pool.start}-${pool.end}`], autoAssign: false },
    }),
    obj("metallb.io/v1beta1", "L2Advertisement", meta, { spec: { ipAddressPools: [LB_POOL_NAME] } }),
  ];
}

export function demoService(plan: Plan): K8sObject {
  const mode = lbMode(plan);
  const pool = plan.network.loadBalancerPool;
  const annotations: Record<string, string> =
    mode === "metallb-l2" && pool
      ? { "metallb.io/address-pool": LB_POOL_NAME, "metallb.io/loadBalancerIPs": pool.start }
      : {};
  return obj(
    "v1",
    "Service",
    {
      name: DEMO_SERVICE,
      namespace: DEMO_NAMESPACE,
      labels: labels(plan),
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    },
    {
      spec: {
        type: mode === "metallb-l2" ? "LoadBalancer" : "NodePort",
        selector: { [SPINAPP_POD_LABEL]: DEMO_APP },
        ports: [
          {
            name: "http",
            port: 80,
            targetPort: SPIN_HTTP_PORT,
            protocol: "TCP",
            ...(mode === "nodeport" ? { nodePort: DEMO_NODE_PORT } : {}),
          },
        ],
      },
    },
  );
}

/** The URL the bastion GETs for T10: the MetalLB address, or the NodePort on the first node that runs Spin. */
export function demoEndpoint(plan: Plan): { url: string; mode: LbMode; via: string } {
  const mode = lbMode(plan);
  const pool = plan.network.loadBalancerPool;
  if (mode === "metallb-l2" && pool)
    return { url: `http://${pool.start}/health`, mode, via: `MetalLB L2 address ${pool.start} (pool ${LB_POOL_NAME})` };
  const node =
    plan.nodes.find((n) => plan.groups[n.group].extensions.includes(SPIN_EXTENSION) && n.role === "worker") ??
    plan.nodes.find((n) => plan.groups[n.group].extensions.includes(SPIN_EXTENSION)) ??
    plan.nodes[0];
  const address = node?.address ?? plan.talos.controlPlaneAddress;
  return {
    url: `http://${address}:${DEMO_NODE_PORT}/health`,
    mode,
    via: `NodePort ${DEMO_NODE_PORT} on ${node?.name ?? "the control plane"} (${address}), reached from the bastion`,
  };
}
