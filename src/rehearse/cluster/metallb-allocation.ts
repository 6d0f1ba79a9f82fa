// The leg "LoadBalancer Service gets an address from the pool": a Service shaped as the tree's demo Service (its
// type, ports and MetalLB annotations, read from the tree) is created, and the leg waits for
// status.loadBalancer.ingress[0].ip, which only MetalLB's controller writes here. The address must lie inside the
// plan's pool. On failure the evidence is MetalLB's own word: the events it recorded on the Service (e.g.
// AllocationFailed with its reason) and the Service's status, still pending.
import { ApiException, type CoreV1Api, type V1Service } from "@kubernetes/client-node";
import type { Obj } from "./dry-run.ts";
import { until } from "./moonlander-legs.ts";

export interface MetallbLeg {
  readonly name: "applied" | "allocated";
  readonly what: string;
  readonly ok: boolean;
  readonly ms: number;
  readonly evidence: readonly string[];
}

const ipv4 = (a: string): number => a.split(".").reduce((n, o) => n * 256 + Number(o), 0);
export const inRange = (ip: string, r: { start: string; end: string }): boolean =>
  /^\d+\.\d+\.\d+\.\d+$/.test(ip) && ipv4(r.start) <= ipv4(ip) && ipv4(ip) <= ipv4(r.end);

const addressOf = (s: V1Service | undefined): string | undefined => s?.status?.loadBalancer?.ingress?.[0]?.ip;

/** Why there is no address: the Service's events (MetalLB's reasons) and its status as the API server has it. */
async function whyPending(core: CoreV1Api, svc: Obj, alive: () => string): Promise<string[]> {
  const { name, namespace = "default" } = svc.metadata;
  const events = await core
    .listNamespacedEvent({ namespace, fieldSelector: `involvedObject.kind=Service,involvedObject.name=${name}` })
    .then((l) => l.items.map((e) => `event ${e.reason} from ${e.source?.component ?? "?"}: ${e.message ?? ""}`))
    .catch((e: unknown) => [`events unreadable: ${(e as Error).message}`]);
  const live = await core.readNamespacedService({ name, namespace }).catch(() => undefined);
  const status = `Service ${namespace}/${name} status.loadBalancer: ${JSON.stringify(live?.status?.loadBalancer ?? {})}`;
  const dead = alive();
  return [...events, status, ...(dead ? [dead.slice(0, 1500)] : [])];
}

/** A Service left by an earlier leg goes first, so the address is allocated for this one. */
async function deleteEarlier(core: CoreV1Api, svc: Obj): Promise<void> {
  const { name, namespace = "default" } = svc.metadata;
  await core.deleteNamespacedService({ name, namespace }).catch((e: unknown) => {
    if (!(e instanceof ApiException && e.code === 404)) throw e;
  });
  await until(async () => !(await core.readNamespacedService({ name, namespace }).catch(() => undefined)), 10_000);
}

export async function allocationLeg(o: {
  readonly core: CoreV1Api;
  readonly service: Obj;
  readonly pool: { readonly start: string; readonly end: string };
  readonly timeoutMs: number;
  /** "" while the controller runs, else why it stopped. */
  readonly alive: () => string;
}): Promise<MetallbLeg & { readonly address?: string }> {
  const { name, namespace = "default" } = o.service.metadata;
  const ref = `Service ${namespace}/${name}`;
  const what = `LoadBalancer Service gets an address from the pool (${ref}, shaped as the tree's)`;
  await deleteEarlier(o.core, o.service);
  // Timed from the create call: the controller is running and synced, so it may allocate before the first read.
  const t0 = performance.now();
  await o.core.createNamespacedService({ namespace, body: o.service as unknown as V1Service });
  let live: V1Service | undefined;
  const polled = await until(async () => {
    if (o.alive()) return true;
    live = await o.core.readNamespacedService({ name, namespace });
    return addressOf(live) !== undefined;
  }, o.timeoutMs);
  const r = { ok: polled.ok, ms: Math.round(performance.now() - t0) };
  const address = addressOf(live);
  const range = `${o.pool.start}-${o.pool.end}`;
  if (address === undefined) {
    const why = r.ok ? "MetalLB's controller stopped" : `no address within ${(o.timeoutMs / 1000).toFixed(0)} s`;
    return {
      name: "allocated",
      what,
      ok: false,
      ms: r.ms,
      evidence: [why, ...(await whyPending(o.core, o.service, o.alive))],
    };
  }
  const from = live?.metadata?.annotations?.["metallb.io/ip-allocated-from-pool"] ?? "(no pool annotation)";
  const inside = inRange(address, o.pool);
  const evidence = [
    `${ref} status.loadBalancer.ingress[0].ip = ${address} (set by MetalLB's controller; ip-allocated-from-pool: ${from})`,
    `${address} is ${inside ? "inside" : "OUTSIDE"} the plan's pool ${range}`,
  ];
  return { name: "allocated", what, ok: inside, ms: r.ms, evidence, address };
}
