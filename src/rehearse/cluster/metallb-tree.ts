// What the committed GitOps tree says about MetalLB, read back from the fleet repository's work tree with
// `kustomize build` (as kustomize-controller reads it, edits included): the pool objects (IPAddressPool,
// L2Advertisement) of the infrastructure stage and the LoadBalancer Service of the apps stage whose annotations ask
// MetalLB for an address. The rehearsal's allocation leg uses exactly these, never a pool or annotations of its own.
import type { Plan } from "../../plan/types.ts";
import { gitopsLayout } from "../../render/gitops/layout.ts";
import { kustomizeBuild, type Obj } from "./dry-run.ts";

export const METALLB_GROUP = "metallb.io";
/** The annotation MetalLB reads for the pool to allocate from, and the one for the addresses asked for. */
export const POOL_ANNOTATION = "metallb.io/address-pool";
export const IPS_ANNOTATION = "metallb.io/loadBalancerIPs";

export interface MetallbTree {
  /** The namespace MetalLB's objects live in (the IPAddressPools'): the controller's --namespace. */
  readonly namespace: string;
  /** IPAddressPools and L2Advertisements, as the tree has them. */
  readonly poolObjects: readonly Obj[];
  /** The tree's LoadBalancer Service that asks MetalLB for an address. */
  readonly service: Obj;
}

const isLoadBalancer = (o: Obj): boolean =>
  o.kind === "Service" && (o.spec as { type?: string } | undefined)?.type === "LoadBalancer";

/** The tree's MetalLB objects, or why MetalLB is not applicable to this plan. */
export async function readMetallbTree(plan: Plan, workTree: string): Promise<MetallbTree | { notApplicable: string }> {
  const l = gitopsLayout(plan);
  const infra = await kustomizeBuild(`${workTree}/${l.repoPath}/${l.dir.infrastructure}`);
  const pools = infra.filter((o) => o.apiVersion.split("/")[0] === METALLB_GROUP);
  const pool = pools.find((o) => o.kind === "IPAddressPool");
  if (!pool) {
    const why =
      plan.target === "aws"
        ? "target aws: MetalLB L2 cannot work in a VPC (ARP is emulated), the tree exposes the demo app as a NodePort"
        : "the plan has no network.loadBalancerPool, the tree exposes the demo app as a NodePort";
    return { notApplicable: `the tree renders no IPAddressPool (${why})` };
  }
  const apps = await kustomizeBuild(`${workTree}/${l.repoPath}/${l.dir.apps}`);
  const service = apps.find(isLoadBalancer);
  if (!service) return { notApplicable: `the tree's ${l.dir.apps}/ has no LoadBalancer Service to give an address` };
  return { namespace: pool.metadata.namespace ?? "default", poolObjects: pools, service };
}

/** The Service the allocation leg creates: the tree's Service's type, ports and MetalLB annotations, under a name
 * of its own and labelled as the rehearsal's, so it is never mistaken for the demo Service Flux would apply. */
export function standInService(tree: MetallbTree, namespace: string): Obj {
  const from = tree.service;
  const annotations = Object.fromEntries(
    Object.entries((from.metadata.annotations ?? {}) as Record<string, string>).filter(([k]) =>
      k.startsWith(`${METALLB_GROUP}/`),
    ),
  );
  const spec = from.spec as { type: string; ports?: unknown[] };
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: {
      name: `${from.metadata.name}-rehearsal`,
      namespace,
      labels: { "moonlab.dev/rehearsal-stand-in": "shaped-as-the-demo-service" },
      annotations,
    },
    spec: { type: spec.type, ports: spec.ports ?? [] },
  };
}
