// Checks a bundle has what Talos expects: key types, PEM block types, CA validity, cert/key pairs, token formats.
// Used when loading a bundle (a bundle from elsewhere may be wrong) and by the plan-mode checks.
import { createPublicKey, X509Certificate } from "node:crypto";
import { PEM_EC_PRIVATE, PEM_ED25519_PRIVATE, PEM_RSA_PRIVATE, parsePrivateKeyPem, pemBody } from "./pki.ts";
import type { CertAndKey, TalosSecretsBundle } from "./types.ts";

export const TOKEN_RE = /^[a-z0-9]{6}\.[a-z0-9]{16}$/;

interface CaExpectation {
  readonly name: string;
  readonly keyType: "ed25519" | "ec";
  readonly pemType: string;
}

const CAS: readonly (CaExpectation & { readonly get: (b: TalosSecretsBundle) => CertAndKey })[] = [
  { name: "os", keyType: "ed25519", pemType: PEM_ED25519_PRIVATE, get: (b) => b.certs.os },
  { name: "etcd", keyType: "ec", pemType: PEM_EC_PRIVATE, get: (b) => b.certs.etcd },
  { name: "k8s", keyType: "ec", pemType: PEM_EC_PRIVATE, get: (b) => b.certs.k8s },
  { name: "k8saggregator", keyType: "ec", pemType: PEM_EC_PRIVATE, get: (b) => b.certs.k8sAggregator },
];

/** Problems with the bundle at a point in time; empty when it is sound. */
export function bundleProblems(b: TalosSecretsBundle, at: Date = new Date()): string[] {
  const out: string[] = [];
  if (!TOKEN_RE.test(b.secrets.bootstrapToken))
    out.push("secrets.bootstraptoken does not match [a-z0-9]{6}.[a-z0-9]{16}");
  if (!TOKEN_RE.test(b.trustdInfo.token)) out.push("trustdinfo.token does not match [a-z0-9]{6}.[a-z0-9]{16}");
  for (const [path, v] of [
    ["cluster.secret", b.cluster.secret],
    ["secrets.secretboxencryptionsecret", b.secrets.secretboxEncryptionSecret],
  ] as const) {
    if (Buffer.from(v, "base64").length !== 32) out.push(`${path} is not 32 bytes of base64`);
  }
  if (Buffer.from(b.cluster.id, "base64url").length !== 32) out.push("cluster.id is not 32 bytes of base64url");
  for (const ca of CAS) {
    const pair = ca.get(b);
    try {
      const cert = new X509Certificate(pair.crt);
      const { type } = pemBody(pair.key);
      if (type !== ca.pemType) out.push(`certs.${ca.name}.key is a ${type} block, expected ${ca.pemType}`);
      const key = parsePrivateKeyPem(pair.key);
      if (key.asymmetricKeyType !== ca.keyType)
        out.push(`certs.${ca.name}.key is ${key.asymmetricKeyType}, expected ${ca.keyType}`);
      if (ca.keyType === "ec" && key.asymmetricKeyDetails?.namedCurve !== "prime256v1")
        out.push(`certs.${ca.name}.key is not on P-256`);
      if (!cert.publicKey.equals(createPublicKey(key))) out.push(`certs.${ca.name}: certificate and key do not match`);
      if (!cert.ca) out.push(`certs.${ca.name}.crt is not a CA certificate`);
      if (!cert.checkIssued(cert) || !cert.verify(cert.publicKey)) out.push(`certs.${ca.name}.crt is not self-signed`);
      const from = new Date(cert.validFrom);
      const to = new Date(cert.validTo);
      if (at < from || at > to) out.push(`certs.${ca.name}.crt is not valid at ${at.toISOString()}`);
    } catch (e) {
      out.push(`certs.${ca.name}: ${(e as Error).message}`);
    }
  }
  try {
    const { type } = pemBody(b.certs.k8sServiceAccount.key);
    const key = parsePrivateKeyPem(b.certs.k8sServiceAccount.key);
    if (type !== PEM_RSA_PRIVATE)
      out.push(`certs.k8sserviceaccount.key is a ${type} block, expected ${PEM_RSA_PRIVATE}`);
    if (key.asymmetricKeyType !== "rsa" || key.asymmetricKeyDetails?.modulusLength !== 4096)
      out.push("certs.k8sserviceaccount.key is not RSA-4096");
  } catch (e) {
    out.push(`certs.k8sserviceaccount: ${(e as Error).message}`);
  }
  return out;
}

/** Whether `leafPem` was issued and signed by `caPem` and is within the CA's validity. */
export function chainProblems(leafPem: string, caPem: string, at: Date): string[] {
  const out: string[] = [];
  const leaf = new X509Certificate(leafPem);
  const ca = new X509Certificate(caPem);
  if (!leaf.checkIssued(ca)) out.push(`issuer ${leaf.issuer.replace(/\n/g, ",")} is not the CA ${ca.subject}`);
  if (!leaf.verify(ca.publicKey)) out.push("signature does not verify with the CA's key");
  if (at < new Date(leaf.validFrom) || at > new Date(leaf.validTo)) out.push(`not valid at ${at.toISOString()}`);
  return out;
}
