import { talosMirrors } from "../../render/bastion/read.ts";
import { defineCheck, notApplicable, verdict } from "../check.ts";

export default defineCheck(import.meta.url, {
  test: "T03",
  title: "The Talos registry mirrors point at the bastion caches, port for port",
  given: "a plan with registry caches and rendered Talos machine configs",
  when: "the lab is rendered",
  then: "every node's machine config has a mirror for each cached upstream whose endpoint is http://<bastion>:<cache port>",
  why: "A mirror on the wrong port makes every image pull fail (or silently fall back to the internet nodes cannot reach).",
  plan: ({ plan, artifacts }) => {
    const mirrors = talosMirrors(artifacts);
    if (mirrors.size === 0)
      return notApplicable("no Talos machine configs in this render (rendered only with the lab's secrets)");
    const problems: string[] = [];
    const ok: string[] = [];
    const files = new Set([...mirrors.values()].flat().map((m) => m.file));
    const substituted = new Set(plan.images.substitutions.map((s) => s.registry));
    for (const c of plan.caches) {
      const found = mirrors.get(c.upstream) ?? [];
      const want = `http://${plan.bastion.address}:${c.port}`;
      for (const file of files) {
        const m = found.filter((x) => x.file === file);
        if (m.length === 0) problems.push(`${file}: no mirror for ${c.upstream}`);
        for (const x of m)
          for (const url of x.urls) {
            // A substituted upstream tries the lab registry's prefix first (spec images.substitutions).
            if (substituted.has(c.upstream) && url === `${plan.services.registry.url}/v2/${c.upstream}`) continue;
            const u = new URL(url);
            if (u.hostname !== plan.bastion.address || Number(u.port) !== c.port)
              problems.push(`${file}: ${c.upstream} mirror ${url}, but the cache is ${want}`);
          }
      }
      ok.push(`${c.upstream} -> ${want} in ${files.size} machine configs`);
    }
    return verdict(problems, ok);
  },
});
