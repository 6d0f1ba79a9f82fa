// In-memory stand-ins for what Moonlander's controller talks to: an informer (cache + events, start lists like
// client-node's ListWatch), secret stores, and a parent cluster whose finalizer and status writes show up in the
// Landing informer the way a real API server's watch would deliver them (and which deletes a Landing whose last
// finalizer goes after deletion was asked for).
import type { KubernetesObject } from "@kubernetes/client-node";
import type { LandingObject, SourceSecret } from "../../src/moonlander/controller.ts";
import type { Landing, LandingStatus, ParentCluster, SecretData, SecretStore } from "../../src/moonlander/reconcile.ts";

type Verb = "add" | "update" | "delete" | "change" | "error" | "connect";

export class FakeInformer<T extends KubernetesObject> {
  readonly objects = new Map<string, T>();
  readonly handlers = new Map<string, ((o?: unknown) => void)[]>();
  starts = 0;
  running = false;
  failStart: Error | undefined;

  on(verb: Verb, cb: (o: never) => void): void {
    this.handlers.set(verb, [...(this.handlers.get(verb) ?? []), cb as (o?: unknown) => void]);
  }
  off(verb: Verb, cb: (o: never) => void): void {
    this.handlers.set(
      verb,
      (this.handlers.get(verb) ?? []).filter((h) => h !== cb),
    );
  }
  #fire(verb: Verb, o?: unknown) {
    for (const h of this.handlers.get(verb) ?? []) h(o);
  }
  async start(): Promise<void> {
    this.starts++;
    if (this.failStart) {
      const e = this.failStart;
      this.failStart = undefined;
      this.#fire("error", e);
      return;
    }
    this.running = true;
    for (const o of this.objects.values()) this.#fire("add", o);
  }
  async stop(): Promise<void> {
    this.running = false;
  }
  get(name: string, namespace?: string): T | undefined {
    return this.objects.get(`${namespace ?? ""}/${name}`);
  }
  list(): readonly T[] {
    return [...this.objects.values()];
  }
  /** What a watch event does: update the cache, then tell the handlers (only while running). */
  set(o: T): void {
    const k = `${o.metadata?.namespace ?? ""}/${o.metadata?.name ?? ""}`;
    const existed = this.objects.has(k);
    this.objects.set(k, o);
    if (this.running) this.#fire(existed ? "update" : "add", o);
  }
  remove(o: T): void {
    const k = `${o.metadata?.namespace ?? ""}/${o.metadata?.name ?? ""}`;
    if (this.objects.delete(k) && this.running) this.#fire("delete", o);
  }
  /** A watch that breaks for good (client-node then only reports the error). */
  breakWatch(e: Error): void {
    this.running = false;
    this.#fire("error", e);
  }
}

export class MemSecrets implements SecretStore {
  readonly secrets = new Map<string, { data: SecretData; labels: Readonly<Record<string, string>> }>();
  async getSecret(ns: string, name: string) {
    return this.secrets.get(`${ns}/${name}`)?.data;
  }
  async applySecret(ns: string, name: string, data: SecretData, labels: Readonly<Record<string, string>>) {
    this.secrets.set(`${ns}/${name}`, { data, labels });
  }
  async deleteSecret(ns: string, name: string) {
    this.secrets.delete(`${ns}/${name}`);
  }
  text(ns: string, name: string, key: string): string | undefined {
    const v = this.secrets.get(`${ns}/${name}`)?.data[key];
    return v === undefined ? undefined : Buffer.from(v, "base64").toString("utf8");
  }
}

export class MemParentCluster extends MemSecrets implements ParentCluster {
  readonly landings: FakeInformer<LandingObject>;
  constructor(landings: FakeInformer<LandingObject>) {
    super();
    this.landings = landings;
  }
  #current(l: Landing): LandingObject {
    const cur = this.landings.get(l.metadata.name, l.metadata.namespace);
    if (!cur) throw new Error(`404 landings "${l.metadata.name}" not found`);
    return cur;
  }
  async setFinalizers(l: Landing, finalizers: readonly string[]) {
    const cur = this.#current(l);
    if (cur.metadata.deletionTimestamp && finalizers.length === 0) this.landings.remove(cur);
    else this.landings.set({ ...cur, metadata: { ...cur.metadata, finalizers: [...finalizers] } });
  }
  async setStatus(l: Landing, status: LandingStatus) {
    this.landings.set({ ...this.#current(l), status });
  }
}

export const b64 = (s: string): string => Buffer.from(s, "utf8").toString("base64");

export function sourceSecret(namespace: string, name: string, data: Record<string, string>): SourceSecret {
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name, namespace },
    data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)])),
  };
}
