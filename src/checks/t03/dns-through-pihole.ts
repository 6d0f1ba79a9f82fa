import { TREE } from "../../render/bastion/layout.ts";
import { apiName, localRecords, parseEnvFile } from "../../render/bastion/pihole.ts";
import { defineCheck, verdict } from "../check.ts";
import { withPort } from "../need-port.ts";

export default defineCheck(import.meta.url, {
  test: "T03",
  title: "Pi-hole serves the lab's names, forwards to the spec's upstreams, and only to the lab subnet",
  given: "a plan with DNS upstreams and a domain",
  when: "the bundle is rendered (plan) or the bastion runs (live)",
  then:
    "pihole.env sets the upstreams, local records for the bastion, every node and api.<domain>, listening mode LOCAL; " +
    "the password is not in the tree; the firewall drops DNS from outside the lab subnet; live, every node name and " +
    "the API name resolve through Pi-hole to their addresses",
  why: "Nodes and operators find the bastion, the nodes and the Kubernetes API by name; an open resolver is abused.",
  plan: ({ plan, artifacts }) => {
    const env = parseEnvFile(artifacts.text(TREE.piholeEnv));
    const problems: string[] = [];
    const want = plan.services.dns.upstreams.join(";");
    if (env.FTLCONF_dns_upstreams !== want) problems.push(`upstreams ${env.FTLCONF_dns_upstreams}, want ${want}`);
    if (env.FTLCONF_dns_listeningMode !== "LOCAL")
      problems.push(`listening mode ${env.FTLCONF_dns_listeningMode ?? "unset"}, want LOCAL`);
    const hosts = (env.FTLCONF_dns_hosts ?? "").split(";");
    for (const r of localRecords(plan))
      for (const name of r.names)
        if (!hosts.some((h) => h.split(" ")[0] === r.address && h.split(" ").includes(name)))
          problems.push(`no local record ${name} -> ${r.address}`);
    if (Object.keys(env).some((k) => /password/i.test(k)))
      problems.push("pihole.env carries a password (a secret in the tree)");
    const fw = artifacts.text(TREE.firewall);
    if (
      !new RegExp(
        `udp th dport \\{[^}]*\\b53\\b[^}]*\\} ip saddr != ${plan.network.subnet.replace(/\./g, "\\.")} drop`,
      ).test(fw)
    )
      problems.push(`firewall.nft does not drop DNS from outside ${plan.network.subnet}`);
    return verdict(problems, [
      `upstreams ${want}; ${hosts.length} local records incl. ${apiName(plan)} -> ${plan.talos.controlPlaneAddress}`,
      `DNS only from ${plan.network.subnet} (LOCAL + firewall); password not in the tree`,
    ]);
  },
  live: (t) =>
    withPort(t, "bastion", async (bastion) => {
      const { plan } = t;
      const d = plan.services.dns.domain;
      const names = [
        ...plan.nodes.map((n) => ({ name: `${n.hostname}.${d}`, address: n.address })),
        { name: apiName(plan), address: plan.talos.controlPlaneAddress },
      ];
      const problems: string[] = [];
      const ok: string[] = [];
      for (const x of names) {
        const got = await bastion.resolve(x.name);
        if (got.includes(x.address)) ok.push(`${x.name} -> ${x.address}`);
        else problems.push(`${x.name} resolved to ${got.length ? got.join(", ") : "nothing"}, want ${x.address}`);
      }
      return verdict(problems, ok);
    }),
});
