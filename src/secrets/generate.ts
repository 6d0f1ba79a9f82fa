// Generates a Talos secrets bundle (what `talosctl gen secrets` makes) from an injected clock and randomness.
// Key types follow Talos: os CA Ed25519; etcd, k8s and aggregator CAs ECDSA P-256; service account RSA-4096.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import {
  CA_VALIDITY_MS,
  ed25519FromSeed,
  p256FromBytes,
  parsePrivateKeyPem,
  privateKeyPem,
  selfSignedCa,
} from "./pki.ts";
import type { CertAndKey, TalosSecretsBundle } from "./types.ts";

export interface Clock {
  now(): Date;
}

/** Randomness: bytes for everything Talos draws from crypto/rand, and the RSA-4096 key (Node cannot seed RSA). */
export interface SecretsRandom {
  bytes(n: number): Uint8Array;
  /** PEM of a fresh RSA-4096 private key (any PEM Node can read; stored as PKCS#1). */
  rsa4096(): string;
}

export const systemClock: Clock = { now: () => new Date() };

export const systemRandom: SecretsRandom = {
  bytes: (n) => new Uint8Array(randomBytes(n)),
  rsa4096: () =>
    generateKeyPairSync("rsa", { modulusLength: 4096 }).privateKey.export({ format: "pem", type: "pkcs1" }).toString(),
};

const TOKEN_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";

/** [a-z0-9]{6}.[a-z0-9]{16}, like Talos's bootstrap and trustd tokens. Rejection sampling keeps it unbiased. */
export function genToken(random: SecretsRandom): string {
  const pick = (n: number): string => {
    let s = "";
    while (s.length < n) {
      for (const b of random.bytes(n)) {
        if (b < 252 && s.length < n) s += TOKEN_CHARS[b % 36];
      }
    }
    return s;
  };
  return `${pick(6)}.${pick(16)}`;
}

const b64 = (b: Uint8Array) => Buffer.from(b).toString("base64");

/** Generates the bundle. The CAs' validity starts at clock.now() (seconds precision) and lasts 10 years. */
export async function generateSecrets(deps: { clock: Clock; random: SecretsRandom }): Promise<TalosSecretsBundle> {
  const { random } = deps;
  const notBefore = new Date(Math.floor(deps.clock.now().getTime() / 1000) * 1000);
  const notAfter = new Date(notBefore.getTime() + CA_VALIDITY_MS);
  const ca = async (kind: "ed25519" | "p256", organizations: string[], commonName?: string): Promise<CertAndKey> => {
    const key = kind === "ed25519" ? ed25519FromSeed(random.bytes(32)) : p256FromBytes(random.bytes(32));
    const crt = await selfSignedCa(key, {
      organizations,
      ...(commonName ? { commonName } : {}),
      serial: random.bytes(16),
      notBefore,
      notAfter,
    });
    return { crt, key: privateKeyPem(key) };
  };
  // Order of draws is part of determinism: change it and the fixture bundle changes.
  const clusterId = Buffer.from(random.bytes(32)).toString("base64url");
  const cluster = { id: `${clusterId}${"=".repeat((4 - (clusterId.length % 4)) % 4)}`, secret: b64(random.bytes(32)) };
  const secrets = { bootstrapToken: genToken(random), secretboxEncryptionSecret: b64(random.bytes(32)) };
  const trustdInfo = { token: genToken(random) };
  const etcd = await ca("p256", ["etcd"]);
  const k8s = await ca("p256", ["kubernetes"]);
  const k8sAggregator = await ca("p256", [], "front-proxy");
  const os = await ca("ed25519", ["talos"]);
  const rsa = parsePrivateKeyPem(random.rsa4096());
  if (rsa.asymmetricKeyType !== "rsa" || rsa.asymmetricKeyDetails?.modulusLength !== 4096)
    throw new Error("the service account key must be RSA-4096");
  return {
    cluster,
    secrets,
    trustdInfo,
    certs: { etcd, k8s, k8sAggregator, k8sServiceAccount: { key: privateKeyPem(rsa) }, os },
  };
}
