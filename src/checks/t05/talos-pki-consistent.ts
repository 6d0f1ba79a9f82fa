import { createPublicKey, X509Certificate } from "node:crypto";
import { at } from "../../lib/at.ts";
import { pemOf } from "../../render/talos/read.ts";
import { chainProblems } from "../../secrets/inspect.ts";
import { parsePrivateKeyPem } from "../../secrets/pki.ts";
import { defineCheck, fail, verdict } from "../check.ts";
import { renderedNodeConfigs } from "../node-configs.ts";

export default defineCheck(import.meta.url, {
  test: "T05",
  title: "All node configs and the talosconfig share one Talos PKI whose chains verify",
  given: "each node's rendered machine config and talos/talosconfig",
  when: "the CA certificates, keys and the client certificate are read back",
  then: "every node carries the same os and Kubernetes CAs and cluster id; control planes hold the matching CA keys (etcd, aggregator, service account too), workers none; the talosconfig client certificate is signed by the os CA and valid now",
  why: "Configs rendered from two bundles split the cluster (the original lab broke its PKI by regenerating); a client cert from another CA cannot reach the Talos API.",
  plan: ({ plan, artifacts }) => {
    const { configs, problems } = renderedNodeConfigs(plan, artifacts);
    const ok: string[] = [];
    if (configs.length === 0) return fail(...problems, "no machine configs to compare");
    const first = configs[0];
    if (!first) return fail("no machine configs");
    const same = ["machine.ca.crt", "cluster.ca.crt", "cluster.id", "cluster.secret", "cluster.token", "machine.token"];
    for (const c of configs) {
      for (const path of same)
        if (at(c.main, path) !== at(first.main, path)) problems.push(`${c.path}: ${path} differs from ${first.path}`);
      const pairs = [
        ["machine.ca", "os"],
        ["cluster.ca", "kubernetes"],
        ...(c.node.role === "controlplane"
          ? [
              ["cluster.aggregatorCA", "aggregator"],
              ["cluster.etcd.ca", "etcd"],
            ]
          : []),
      ] as const;
      for (const [path, label] of pairs) {
        const crt = pemOf(at(c.main, `${path}.crt`));
        const key = String(at(c.main, `${path}.key`) ?? "");
        try {
          const cert = new X509Certificate(crt);
          if (!cert.ca) problems.push(`${c.path}: ${path}.crt (${label}) is not a CA`);
          if (c.node.role === "controlplane") {
            if (!cert.publicKey.equals(createPublicKey(parsePrivateKeyPem(pemOf(key)))))
              problems.push(`${c.path}: ${path}.key does not match its certificate`);
          } else if (key !== "") problems.push(`${c.path}: worker carries the ${label} CA private key`);
        } catch (e) {
          problems.push(`${c.path}: ${path}: ${(e as Error).message}`);
        }
      }
      if (c.node.role === "controlplane") {
        const sa = parsePrivateKeyPem(pemOf(at(c.main, "cluster.serviceAccount.key")));
        if (sa.asymmetricKeyType !== "rsa") problems.push(`${c.path}: service account key is ${sa.asymmetricKeyType}`);
      } else if (at(c.main, "cluster.serviceAccount") !== undefined)
        problems.push(`${c.path}: worker carries the service account key`);
    }
    if (!artifacts.has("talos/talosconfig")) problems.push("talos/talosconfig was not rendered");
    else {
      const tc = artifacts.yaml<{ context: string; contexts: Record<string, { ca: string; crt: string }> }>(
        "talos/talosconfig",
      );
      const ctx = tc.contexts[tc.context];
      const osCa = pemOf(at(first.main, "machine.ca.crt"));
      if (!ctx) problems.push(`talosconfig has no context ${tc.context}`);
      else {
        if (pemOf(ctx.ca) !== osCa) problems.push("talosconfig ca is not the nodes' os CA");
        for (const p of chainProblems(pemOf(ctx.crt), osCa, new Date())) problems.push(`talosconfig client cert: ${p}`);
        ok.push(
          `talosconfig ${tc.context}: client ${new X509Certificate(pemOf(ctx.crt)).subject.replace(/\n/g, ",")} signed by the os CA`,
        );
      }
    }
    ok.push(
      `${configs.length} node configs share cluster ${String(at(first.main, "cluster.id")).slice(0, 8)}… and one os/k8s CA`,
    );
    return verdict(problems, ok);
  },
});
