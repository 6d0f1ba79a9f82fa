// Pi-hole v6, configured only through FTLCONF_* variables (docs.pi-hole.net/docker/configuration: arrays are
// `;`-separated). The web password is not here: it lives in /etc/moonlab/secrets/pihole.env on the bastion.
import type { Plan } from "../../plan/types.ts";
import { oneLine, withoutSeparators } from "../line-safe.ts";
import { PIHOLE_WEB_PORT } from "./services.ts";

/** Local DNS records: the bastion, every node, and the Kubernetes API name on the control plane. */
export function localRecords(plan: Plan): { readonly address: string; readonly names: readonly string[] }[] {
  const d = plan.services.dns.domain;
  return [
    { address: plan.bastion.address, names: [plan.bastion.name, `${plan.bastion.name}.${d}`, `bastion.${d}`] },
    ...plan.nodes.map((n) => ({ address: n.address, names: [n.hostname, `${n.hostname}.${d}`] })),
    { address: plan.talos.controlPlaneAddress, names: [`api.${d}`] },
  ];
}

export const apiName = (plan: Plan): string => `api.${plan.services.dns.domain}`;

export function piholeEnv(plan: Plan): Record<string, string> {
  return {
    TZ: plan.bastion.schedule.timeZone,
    FTLCONF_dns_upstreams: plan.services.dns.upstreams
      .map((u) => withoutSeparators(u, "; ", "dns.upstreams"))
      .join(";"),
    // LOCAL: answer only hosts at most one hop away (the lab subnet); the firewall also drops DNS from elsewhere.
    FTLCONF_dns_listeningMode: "LOCAL",
    FTLCONF_dns_hosts: localRecords(plan)
      .map((r) => [r.address, ...r.names].map((w) => withoutSeparators(w, "; ", "a Pi-hole host record")).join(" "))
      .join(";"),
    FTLCONF_dns_queryLogging: "true",
    FTLCONF_webserver_port: String(PIHOLE_WEB_PORT),
  };
}

/** Docker --env-file / compose env_file format: KEY=VALUE lines, values literal (no quotes, no `#`). */
export function envFileText(env: Readonly<Record<string, string>>): string {
  return `${Object.keys(env)
    .sort()
    .map((k) => `${oneLine(k, "an env file key")}=${oneLine(env[k] ?? "", `env ${k}`)}`)
    .join("\n")}\n`;
}

/** Parses an env file written by envFileText (for checks). */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const i = line.indexOf("=");
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}
