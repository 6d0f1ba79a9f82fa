// distribution (registry) configs: one pull-through cache per upstream (proxy.remoteurl) and the lab's own registry.
// Config format: distribution docs/content/about/configuration.md (version 0.1; read by v2.8 and v3).
import { stringify } from "yaml";
import type { Plan, PlanCache } from "../../plan/types.ts";
import { LAB_REGISTRY } from "./services.ts";

export interface RegistryConfig {
  readonly version: "0.1";
  readonly log: { readonly level: string; readonly fields: { readonly service: string } };
  readonly storage: {
    readonly filesystem: { readonly rootdirectory: string };
    readonly delete: { readonly enabled: boolean };
  };
  readonly http: { readonly addr: string; readonly headers: Readonly<Record<string, readonly string[]>> };
  readonly health: {
    readonly storagedriver: { readonly enabled: boolean; readonly interval: string; readonly threshold: number };
  };
  readonly proxy?: { readonly remoteurl: string };
}

function config(service: string, port: number, proxy?: string): RegistryConfig {
  return {
    version: "0.1",
    log: { level: "info", fields: { service } },
    // The container path; the host folder mounted there persists across restarts and reboots.
    storage: { filesystem: { rootdirectory: "/var/lib/registry" }, delete: { enabled: true } },
    http: { addr: `:${port}`, headers: { "X-Content-Type-Options": ["nosniff"] } },
    health: { storagedriver: { enabled: true, interval: "10s", threshold: 3 } },
    ...(proxy !== undefined ? { proxy: { remoteurl: proxy } } : {}),
  };
}

export const cacheConfig = (c: PlanCache): RegistryConfig => config(c.name, c.port, c.remoteUrl);
export const labRegistryConfig = (plan: Plan): RegistryConfig => config(LAB_REGISTRY, plan.services.registry.port);

export const registryYaml = (c: RegistryConfig): string => stringify(c, { lineWidth: 0 });
