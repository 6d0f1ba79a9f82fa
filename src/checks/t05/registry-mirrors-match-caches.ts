import { at } from "../../lib/at.ts";
import { registryMirrors, usesMultiDoc } from "../../render/talos/machine-config.ts";
import { docsOfKind } from "../../render/talos/read.ts";
import { defineCheck } from "../check.ts";
import { judgeEachNodeConfig } from "../node-configs.ts";

export default defineCheck(import.meta.url, {
  test: "T05",
  title: "Every node pulls through the bastion's caches: one registry mirror per cache, plus the lab registry",
  given: "the plan's registry caches and each node's rendered machine config",
  when: "the mirrors are read back (RegistryMirrorConfig documents on Talos >= 1.12, machine.registries before)",
  then: "each cached upstream has exactly one mirror pointing at http://<bastion>:<port> of its cache (after the lab registry's prefix for an upstream with substituted images), skipFallback as the plan says, and the lab registry is mirrored to itself",
  why: "Nodes have no public IPv4: images come through the bastion's caches or not at all; skipFallback proves the cache is used.",
  plan: ({ plan, artifacts }) => {
    const want = new Map(registryMirrors(plan).map((m) => [m.name, m.endpoints.map((e) => e.url)]));
    return judgeEachNodeConfig(plan, artifacts, (c, p) => {
      const got = new Map<string, { urls: string[]; skipFallback: boolean }>();
      if (usesMultiDoc(plan)) {
        for (const d of docsOfKind(c, "RegistryMirrorConfig")) {
          const name = String(d.name);
          if (got.has(name)) p(`two RegistryMirrorConfig documents for ${name}`);
          got.set(name, {
            urls: ((d.endpoints as { url: string }[] | undefined) ?? []).map((e) => e.url),
            skipFallback: d.skipFallback === true,
          });
        }
        if (at(c.main, "machine.registries") !== undefined)
          p(`deprecated machine.registries used on Talos ${plan.talos.minor}`);
      } else {
        const mirrors =
          (at(c.main, "machine.registries.mirrors") as Record<
            string,
            { endpoints?: string[]; skipFallback?: boolean }
          >) ?? {};
        for (const [name, m] of Object.entries(mirrors))
          got.set(name, { urls: m.endpoints ?? [], skipFallback: m.skipFallback === true });
      }
      for (const [name, url] of want) {
        const g = got.get(name);
        if (!g) p(`no mirror for ${name}`);
        else {
          if (JSON.stringify(g.urls) !== JSON.stringify(url))
            p(`${name} mirrors to [${g.urls.join(", ")}], expected [${url.join(", ")}]`);
          if (g.skipFallback !== plan.talos.skipFallback)
            p(`${name} skipFallback ${g.skipFallback}, plan says ${plan.talos.skipFallback}`);
        }
      }
      for (const name of got.keys()) if (!want.has(name)) p(`unexpected mirror ${name}`);
      return `${c.node.name}: ${[...got.keys()].sort().join(", ")}`;
    });
  },
});
