// The secrets bundle in the YAML layout of `talosctl gen secrets` (certs and keys as base64 of PEM), both ways,
// so a bundle moves between moonlab and talosctl (`talosctl gen config --with-secrets secrets.yaml`).
import { parse, stringify } from "yaml";
import type { TalosSecretsBundle } from "./types.ts";

const enc = (pem: string): string => Buffer.from(pem, "utf8").toString("base64");
const dec = (b64: string): string => Buffer.from(b64, "base64").toString("utf8");

/** Serializes like talosctl (Go yaml, 4-space indent, lowercase keys in Talos's struct order). */
export function bundleToYaml(b: TalosSecretsBundle): string {
  const pair = (c: { crt: string; key: string }) => ({ crt: enc(c.crt), key: enc(c.key) });
  return stringify(
    {
      cluster: { id: b.cluster.id, secret: b.cluster.secret },
      secrets: {
        bootstraptoken: b.secrets.bootstrapToken,
        secretboxencryptionsecret: b.secrets.secretboxEncryptionSecret,
      },
      trustdinfo: { token: b.trustdInfo.token },
      certs: {
        etcd: pair(b.certs.etcd),
        k8s: pair(b.certs.k8s),
        k8saggregator: pair(b.certs.k8sAggregator),
        k8sserviceaccount: { key: enc(b.certs.k8sServiceAccount.key) },
        os: pair(b.certs.os),
      },
    },
    { indent: 4, lineWidth: 0 },
  );
}

export class BundleFormatError extends Error {}

function str(o: unknown, path: string): string {
  const v = path.split(".").reduce<unknown>((acc, k) => (acc as Record<string, unknown> | undefined)?.[k], o);
  if (typeof v !== "string" || v === "") throw new BundleFormatError(`secrets bundle: ${path} is missing`);
  return v;
}

/** Parses a `talosctl gen secrets` YAML (extra fields such as aescbcencryptionsecret are ignored). */
export function bundleFromYaml(text: string): TalosSecretsBundle {
  const o = parse(text) as unknown;
  if (typeof o !== "object" || o === null) throw new BundleFormatError("secrets bundle: not a YAML mapping");
  const pair = (name: string) => ({ crt: dec(str(o, `certs.${name}.crt`)), key: dec(str(o, `certs.${name}.key`)) });
  return {
    cluster: { id: str(o, "cluster.id"), secret: str(o, "cluster.secret") },
    secrets: {
      bootstrapToken: str(o, "secrets.bootstraptoken"),
      secretboxEncryptionSecret: str(o, "secrets.secretboxencryptionsecret"),
    },
    trustdInfo: { token: str(o, "trustdinfo.token") },
    certs: {
      etcd: pair("etcd"),
      k8s: pair("k8s"),
      k8sAggregator: pair("k8saggregator"),
      k8sServiceAccount: { key: dec(str(o, "certs.k8sserviceaccount.key")) },
      os: pair("os"),
    },
  };
}
