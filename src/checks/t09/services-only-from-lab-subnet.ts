import { KUBERNETES_API_PORT, TALOS_API_PORT } from "../../plan/ports.ts";
import type { Plan } from "../../plan/types.ts";
import { ROLE_TAG } from "../../render/aws/names.ts";
import { awsModes, covers, seenIn } from "../aws-modes.ts";
import { defineCheck, fail, verdict } from "../check.ts";

/** The ports that must be reachable from the lab subnet and from nowhere else, per security group role. */
export function labOnlyPorts(plan: Plan): { role: string; proto: "tcp" | "udp"; port: number; what: string }[] {
  return [
    { role: "node", proto: "tcp", port: TALOS_API_PORT, what: "Talos API" },
    { role: "node", proto: "tcp", port: KUBERNETES_API_PORT, what: "Kubernetes API" },
    { role: "bastion", proto: "tcp", port: plan.services.matchbox.port, what: "matchbox" },
    { role: "bastion", proto: "tcp", port: plan.services.dns.port, what: "DNS" },
    { role: "bastion", proto: "udp", port: plan.services.dns.port, what: "DNS" },
    { role: "bastion", proto: "tcp", port: plan.services.registry.port, what: "lab registry" },
    ...plan.caches.map((c) => ({ role: "bastion", proto: "tcp" as const, port: c.port, what: `${c.upstream} cache` })),
  ];
}

export default defineCheck(import.meta.url, {
  test: "T09",
  title: "Talos, Kubernetes, DNS, matchbox and the caches are reachable only from the lab subnet",
  given: "a spec with target aws",
  when: "the AWS stack is rendered or deployed",
  then:
    `each service port is open in its group (nodes: ${TALOS_API_PORT}, ${KUBERNETES_API_PORT}; bastion: matchbox, DNS, registry, caches) and every ` +
    "rule that opens it has the lab subnet (or a lab security group) as its source",
  why:
    "The caches and matchbox serve without authentication and matchbox hands out machine configs with the cluster's " +
    "secrets: they must never be reachable from outside the lab subnet.",
  ...awsModes((plan, lab) => {
    if (lab.securityGroups.length === 0) return fail(`no security group (${seenIn(lab)})`);
    const own = new Set(lab.securityGroups.map((g) => `sg:${g.id}`));
    const problems: string[] = [];
    const ok: string[] = [];
    for (const p of labOnlyPorts(plan)) {
      const groups = lab.securityGroups.filter((g) => g.tags[ROLE_TAG] === p.role);
      if (groups.length === 0) {
        problems.push(`no ${p.role} security group for ${p.what}`);
        continue;
      }
      let fromLab = false;
      for (const g of groups)
        for (const r of g.ingress) {
          if (!covers(r, p.proto, p.port)) continue;
          if (r.source === plan.network.subnet) fromLab = true;
          else if (!own.has(r.source))
            problems.push(`${g.id} opens ${p.what} ${p.proto}/${p.port} to ${r.source}, outside the lab subnet`);
        }
      if (!fromLab)
        problems.push(`${p.what} ${p.proto}/${p.port} is not open from the lab subnet ${plan.network.subnet}`);
      else ok.push(`${p.what} ${p.proto}/${p.port} only from ${plan.network.subnet}`);
    }
    // Any other group (not bastion/node) exposing these ports also counts.
    for (const g of lab.securityGroups.filter((x) => x.tags[ROLE_TAG] !== "node" && x.tags[ROLE_TAG] !== "bastion"))
      for (const r of g.ingress)
        for (const p of labOnlyPorts(plan))
          if (covers(r, p.proto, p.port) && r.source !== plan.network.subnet && !own.has(r.source))
            problems.push(`${g.id} (${g.name}) opens ${p.what} ${p.proto}/${p.port} to ${r.source}`);
    return verdict(problems, [`${seenIn(lab)}:`, ...ok]);
  }),
});
