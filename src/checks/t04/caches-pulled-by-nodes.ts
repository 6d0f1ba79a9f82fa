import { serviceLog } from "../../render/bastion/read.ts";
import { bastionServices } from "../../render/bastion/services.ts";
import { defineCheck, notApplicable, verdict } from "../check.ts";
import { withPort } from "../need-port.ts";

/** A distribution access-log line: `<client> - - [date] "GET /v2/<name>/(manifests|blobs)/... HTTP/1.1" 200 ...`. */
export const PULL_LINE = /^(\S+) - \S+ \[[^\]]*\] "(?:GET|HEAD) \/v2\/\S+\/(?:manifests|blobs)\/\S+ HTTP\/[\d.]+" 200 /;

export default defineCheck(import.meta.url, {
  test: "T04",
  title: "The registry caches logged image pulls from every node",
  given: "a lab whose Talos nodes have booted and installed",
  when: "the live bastion's cache logs are read",
  then: "each node's address appears in some cache's access log with a successful manifest or blob pull",
  why:
    "Nodes have no public IPv4: if a node never pulled through a cache, its images came from somewhere the design " +
    "does not allow (or it never got them).",
  live: (t) =>
    withPort(t, "bastion", async (bastion) => {
      const { plan } = t;
      const pulls = new Map<string, Set<string>>();
      for (const s of bastionServices(plan).filter((x) => x.role === "cache")) {
        for (const line of (await serviceLog(bastion, s)).split("\n")) {
          const m = PULL_LINE.exec(line.trim());
          if (m?.[1]) pulls.set(m[1], (pulls.get(m[1]) ?? new Set()).add(s.name));
        }
      }
      // No pull from anyone: no node has installed Talos yet (or the nodes are `moonlab rehearse`'s test payload,
      // which pulls nothing). Judging nodes then would only restate that; the mirrors themselves are checked in plan
      // mode (t03/cache-ports-match-talos-mirrors) and the caches' health by t03/caches-answer-v2.
      if (pulls.size === 0)
        return notApplicable("no cache has logged an image pull yet: no node has installed Talos through the bastion");
      const problems: string[] = [];
      const ok: string[] = [];
      for (const n of plan.nodes) {
        const caches = pulls.get(n.address);
        if (!caches) problems.push(`no cache logged a pull from ${n.name} (${n.address})`);
        else ok.push(`${n.name} (${n.address}) pulled through ${[...caches].sort().join(", ")}`);
      }
      return verdict(problems, ok);
    }),
});
