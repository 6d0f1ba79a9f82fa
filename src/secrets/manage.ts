// Library side of `moonlab secrets ...`: init, show, export, import and the Tailscale key. The CLI only prints.
import { X509Certificate } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { LabError } from "../errors.ts";
import { bundleFromYaml, bundleToYaml } from "./bundle-yaml.ts";
import { type Clock, systemClock } from "./generate.ts";
import { bundleProblems } from "./inspect.ts";
import { parsePrivateKeyPem } from "./pki.ts";
import { resolveSecrets, type SecretsContext } from "./resolve.ts";
import { loadBundle, type SecretsPaths, secretsPaths, storeBundle, storeTailscaleKey } from "./store.ts";
import type { TalosSecretsBundle } from "./types.ts";

export function pathsOf(ctx: SecretsContext): SecretsPaths {
  return secretsPaths(ctx.specDir, ctx.plan.lab, ctx.env ?? process.env);
}

/** Generates the bundle unless it exists; returns whether it was created. */
export async function initSecrets(ctx: SecretsContext): Promise<{ created: boolean; paths: SecretsPaths }> {
  const paths = pathsOf(ctx);
  const created = !existsSync(paths.bundle);
  await resolveSecrets(ctx);
  return { created, paths };
}

/** A printable summary without secret values. */
export async function describeSecrets(ctx: SecretsContext): Promise<string[]> {
  const p = pathsOf(ctx);
  if (!existsSync(p.bundle)) return [`no Talos secrets yet for lab ${ctx.plan.lab} (run: moonlab secrets init)`];
  const b = await loadBundle(p);
  const lines = [
    `bundle     ${p.bundle}`,
    `recipient  ${existsSync(p.recipient) ? readFileSync(p.recipient, "utf8").trim() : "(unknown)"}`,
    `identity   ${p.identity}`,
    `tailscale  ${existsSync(p.tailscale) ? "auth key stored" : "no auth key (set one: moonlab secrets set-tailscale-key < key)"}`,
    `cluster id ${b.cluster.id.slice(0, 8)}…`,
  ];
  for (const [name, c] of [
    ["os", b.certs.os],
    ["etcd", b.certs.etcd],
    ["k8s", b.certs.k8s],
    ["k8saggregator", b.certs.k8sAggregator],
  ] as const) {
    const cert = new X509Certificate(c.crt);
    const key = parsePrivateKeyPem(c.key);
    lines.push(
      `${name.padEnd(14)} ${key.asymmetricKeyType}${key.asymmetricKeyDetails?.namedCurve ? ` ${key.asymmetricKeyDetails.namedCurve}` : ""}  ${cert.subject.replace(/\n/g, ",")}  ${cert.validFrom} -> ${cert.validTo}`,
    );
  }
  const sa = parsePrivateKeyPem(b.certs.k8sServiceAccount.key);
  lines.push(`${"serviceaccount".padEnd(14)} rsa ${sa.asymmetricKeyDetails?.modulusLength ?? "?"} bits`);
  const problems = bundleProblems(b, (ctx.clock ?? systemClock).now());
  lines.push(problems.length === 0 ? "sound: key types, validity, pairs and token formats as Talos expects" : "");
  for (const pr of problems) lines.push(`PROBLEM ${pr}`);
  return lines.filter((l) => l !== "");
}

/** The bundle as `talosctl gen secrets` YAML (plaintext!). */
export async function exportSecrets(ctx: SecretsContext): Promise<string> {
  const p = pathsOf(ctx);
  if (!existsSync(p.bundle)) throw new LabError(`no Talos secrets at ${p.bundle} (run: moonlab secrets init)`, 2);
  return bundleToYaml(await loadBundle(p));
}

/** Stores a `talosctl gen secrets` file as the lab's bundle; refuses to replace one unless forced. */
export async function importSecrets(
  ctx: SecretsContext,
  file: string,
  opts: { force?: boolean; clock?: Clock } = {},
): Promise<TalosSecretsBundle> {
  const p = pathsOf(ctx);
  if (existsSync(p.bundle) && !opts.force)
    throw new LabError(
      `${p.bundle} exists; replacing it changes the cluster's PKI. Pass --force only if the file holds the secrets the cluster runs with`,
      2,
    );
  const bundle = bundleFromYaml(readFileSync(file, "utf8"));
  const problems = bundleProblems(bundle, (opts.clock ?? systemClock).now());
  if (problems.length > 0)
    throw new LabError(`${file} is not a usable Talos secrets bundle:\n  ${problems.join("\n  ")}`, 2);
  if (!(await storeBundle(p, bundle, (opts.clock ?? systemClock).now(), { replace: opts.force === true })))
    throw new LabError(`${p.bundle} appeared while importing; run the import again`, 2);
  return bundle;
}

export async function setTailscaleKey(ctx: SecretsContext, key: string): Promise<SecretsPaths> {
  const k = key.trim();
  if (!/^tskey-[A-Za-z0-9-]+$/.test(k))
    throw new LabError("that does not look like a Tailscale auth key (tskey-...)", 2);
  const p = pathsOf(ctx);
  await storeTailscaleKey(p, k, (ctx.clock ?? systemClock).now());
  return p;
}

export function writePrivateFile(path: string, content: string): void {
  writeFileSync(path, content, { mode: 0o600 });
}
