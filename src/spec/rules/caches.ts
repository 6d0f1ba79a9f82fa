// Registry caches: one per upstream, each on its own port, clear of the bastion's other services.
import { issue, type SpecIssue } from "../issue.ts";
import type { Rule } from "./rule.ts";

/** Ports the bastion uses for itself (matchbox HTTP, Pi-hole web UI, lab app registry). */
export const BASTION_SERVICE_PORTS: Readonly<Record<number, string>> = {
  8080: "matchbox",
  8081: "Pi-hole web",
  5000: "lab registry",
};

export const cachesRule: Rule = (spec) => {
  const out: SpecIssue[] = [];
  const ports = new Map<number, string>();
  const upstreams = new Set<string>();
  spec.caches.forEach((c, i) => {
    const path = `caches[${i}]`;
    const svc = BASTION_SERVICE_PORTS[c.port];
    if (svc)
      out.push(
        issue("cache.port-reserved", `${path}.port`, `port ${c.port} is used by ${svc} on the bastion`, {
          received: c.port,
          fix: "choose a free port, e.g. from 5050 up",
        }),
      );
    const prev = ports.get(c.port);
    if (prev)
      out.push(
        issue("cache.port-duplicate", `${path}.port`, `port already used by ${prev}`, {
          received: c.port,
          fix: "one port per cache",
        }),
      );
    else ports.set(c.port, `${path} (${c.upstream})`);
    if (upstreams.has(c.upstream))
      out.push(
        issue("cache.upstream-duplicate", `${path}.upstream`, "upstream cached twice", {
          received: c.upstream,
          fix: "remove the repeat",
        }),
      );
    upstreams.add(c.upstream);
    if (!/^[a-z0-9.-]+(:\d+)?$/.test(c.upstream))
      out.push(
        issue("cache.upstream-invalid", `${path}.upstream`, "not a registry host name", {
          received: c.upstream,
          allowed: "a host such as docker.io or ghcr.io",
          fix: "write the registry host without scheme or path",
        }),
      );
    if (c.remoteUrl !== undefined && !/^https?:\/\/[^/\s]+/.test(c.remoteUrl))
      out.push(issue("cache.remote-url", `${path}.remoteUrl`, "not an http(s) URL", { received: c.remoteUrl }));
  });
  return out;
};
