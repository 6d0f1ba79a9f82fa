import { TREE } from "../../render/bastion/layout.ts";
import type { RegistryConfig } from "../../render/bastion/registry.ts";
import { LAB_REGISTRY } from "../../render/bastion/services.ts";
import { defineCheck, verdict } from "../check.ts";
import { withPort } from "../need-port.ts";

export default defineCheck(import.meta.url, {
  test: "T03",
  title: "Each registry cache proxies its upstream on its port and answers GET /v2/ with 200",
  given: "a plan with registry caches",
  when: "the bastion bundle is rendered (plan) or the bastion runs (live)",
  then:
    "each cache's distribution config listens on the cache's port with proxy.remoteurl = its upstream; live, " +
    "GET http://<bastion>:<port>/v2/ answers 200 on every cache and on the lab registry",
  why:
    "Talos nodes have no public IPv4: the caches are their only way to images. A registry without auth answers 200 " +
    "(the original plan expected 401: corrected).",
  plan: ({ plan, artifacts }) => {
    const problems: string[] = [];
    const ok: string[] = [];
    for (const c of plan.caches) {
      const path = TREE.registryConfig(c.name);
      if (!artifacts.has(path)) {
        problems.push(`${c.upstream}: ${path} was not rendered`);
        continue;
      }
      const cfg = artifacts.yaml<RegistryConfig>(path);
      if (cfg.http?.addr !== `:${c.port}`) problems.push(`${c.name} listens on ${cfg.http?.addr}, not :${c.port}`);
      else if (cfg.proxy?.remoteurl !== c.remoteUrl)
        problems.push(`${c.name} proxies ${cfg.proxy?.remoteurl ?? "nothing"}, not ${c.remoteUrl}`);
      else ok.push(`${c.name} :${c.port} -> ${c.remoteUrl}`);
    }
    const lab = artifacts.has(TREE.registryConfig(LAB_REGISTRY))
      ? artifacts.yaml<RegistryConfig>(TREE.registryConfig(LAB_REGISTRY))
      : undefined;
    if (!lab) problems.push("the lab registry config was not rendered");
    else if (lab.proxy) problems.push("the lab registry must not be a proxy (it holds the lab's own images)");
    else ok.push(`${LAB_REGISTRY} :${plan.services.registry.port}`);
    return verdict(problems, ok);
  },
  live: (t) =>
    withPort(t, "http", async (http) => {
      const { plan } = t;
      const targets = [
        ...plan.caches.map((c) => ({ name: c.name, url: `${c.endpoint}/v2/` })),
        { name: LAB_REGISTRY, url: `${plan.services.registry.url}/v2/` },
      ];
      const problems: string[] = [];
      const ok: string[] = [];
      for (const x of targets) {
        const r = await http.get(x.url, { timeoutMs: 5000 });
        if (r.status === 200) ok.push(`GET ${x.url} -> 200`);
        else problems.push(`GET ${x.url} -> ${r.status} (want 200)`);
      }
      return verdict(problems, ok);
    }),
});
