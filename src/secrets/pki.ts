// Keys and certificates of the Talos PKI, built deterministically from injected bytes and clock.
// Node's key generation cannot be seeded, so Ed25519 and P-256 keys are derived from 32 random bytes (PKCS#8/JWK
// import), and ECDSA signatures use RFC 6979 deterministic nonces (@noble/curves) instead of WebCrypto's random
// ones: the same bytes and clock give the same bundle, byte for byte. PEM block types follow siderolabs/crypto x509.
import { createECDH, createPrivateKey, createPublicKey, type KeyObject, webcrypto } from "node:crypto";
// @peculiar/x509 resolves its algorithm providers through tsyringe, which needs the Reflect metadata polyfill.
import "reflect-metadata";
import { p256 } from "@noble/curves/nist.js";
import * as x509 from "@peculiar/x509";

export const PEM_ED25519_PRIVATE = "ED25519 PRIVATE KEY";
export const PEM_EC_PRIVATE = "EC PRIVATE KEY";
export const PEM_RSA_PRIVATE = "RSA PRIVATE KEY";

/** Talos CAs are valid for 10 years (87600h in Talos's generate package). */
export const CA_VALIDITY_MS = 87600 * 3600 * 1000;

export function pem(type: string, der: Uint8Array): string {
  const b = Buffer.from(der).toString("base64");
  const lines = b.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${type}-----\n${lines.join("\n")}\n-----END ${type}-----\n`;
}

export function pemBody(text: string): { type: string; der: Buffer } {
  const m = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/.exec(text);
  if (!m?.[1] || m[2] === undefined) throw new Error("not a PEM block");
  return { type: m[1], der: Buffer.from(m[2].replace(/\s+/g, ""), "base64") };
}

const ED25519_PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

export function ed25519FromSeed(seed: Uint8Array): KeyObject {
  if (seed.length !== 32) throw new Error("Ed25519 seed must be 32 bytes");
  return createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: "der", type: "pkcs8" });
}

/** P-256 private key from 32 bytes (reduced into [1, n-1]). */
export function p256FromBytes(bytes: Uint8Array): KeyObject {
  if (bytes.length !== 32) throw new Error("P-256 scalar must be 32 bytes");
  const n = p256.Point.CURVE().n;
  const d = (BigInt(`0x${Buffer.from(bytes).toString("hex")}`) % (n - 1n)) + 1n;
  const dBytes = Buffer.from(d.toString(16).padStart(64, "0"), "hex");
  const ecdh = createECDH("prime256v1");
  ecdh.setPrivateKey(dBytes);
  const pub = ecdh.getPublicKey();
  const b64u = (b: Uint8Array) => Buffer.from(b).toString("base64url");
  return createPrivateKey({
    key: { kty: "EC", crv: "P-256", d: b64u(dBytes), x: b64u(pub.subarray(1, 33)), y: b64u(pub.subarray(33, 65)) },
    format: "jwk",
  });
}

/** The private key PEM as Talos stores it for each key type. */
export function privateKeyPem(key: KeyObject): string {
  switch (key.asymmetricKeyType) {
    case "ed25519":
      return pem(PEM_ED25519_PRIVATE, key.export({ format: "der", type: "pkcs8" }));
    case "ec":
      return key.export({ format: "pem", type: "sec1" }).toString();
    case "rsa":
      return key.export({ format: "pem", type: "pkcs1" }).toString();
    default:
      throw new Error(`unsupported key type ${key.asymmetricKeyType}`);
  }
}

/** Parses a Talos key PEM (ED25519 PRIVATE KEY is PKCS#8 under Talos's own block type). */
export function parsePrivateKeyPem(text: string): KeyObject {
  const { type, der } = pemBody(text);
  if (type === PEM_ED25519_PRIVATE || type === "PRIVATE KEY")
    return createPrivateKey({ key: der, format: "der", type: "pkcs8" });
  if (type === PEM_EC_PRIVATE) return createPrivateKey({ key: der, format: "der", type: "sec1" });
  if (type === PEM_RSA_PRIVATE) return createPrivateKey({ key: der, format: "der", type: "pkcs1" });
  throw new Error(`unsupported private key PEM type ${type}`);
}

function algorithmOf(key: KeyObject): webcrypto.EcKeyImportParams | webcrypto.Algorithm {
  if (key.asymmetricKeyType === "ed25519") return { name: "Ed25519" };
  if (key.asymmetricKeyType === "ec") return { name: "ECDSA", namedCurve: "P-256" };
  throw new Error(`cannot sign certificates with a ${key.asymmetricKeyType} key`);
}

function signingAlgorithm(key: KeyObject): webcrypto.Algorithm | webcrypto.EcdsaParams {
  return key.asymmetricKeyType === "ec" ? { name: "ECDSA", hash: "SHA-256" } : { name: "Ed25519" };
}

async function cryptoPair(key: KeyObject): Promise<webcrypto.CryptoKeyPair> {
  const alg = algorithmOf(key);
  const privateKey = key.toCryptoKey(alg, true, ["sign"]);
  const publicKey = createPublicKey(key).toCryptoKey(alg, true, ["verify"]);
  return { privateKey, publicKey } as webcrypto.CryptoKeyPair;
}

/**
 * WebCrypto with deterministic ECDSA: RFC 6979 signatures from @noble/curves in WebCrypto's raw r||s format
 * (which @peculiar/x509 converts to DER). Ed25519 signatures are deterministic already.
 */
function deterministicCrypto(): webcrypto.Crypto {
  const subtle = webcrypto.subtle;
  const sign = async (
    alg: webcrypto.AlgorithmIdentifier | webcrypto.EcdsaParams,
    key: webcrypto.CryptoKey,
    data: webcrypto.BufferSource,
  ): Promise<ArrayBuffer> => {
    const name = typeof alg === "string" ? alg : alg.name;
    if (name !== "ECDSA") return subtle.sign(alg, key, data);
    const jwk = await subtle.exportKey("jwk", key);
    const d = Buffer.from(jwk.d ?? "", "base64url");
    const bytes =
      data instanceof ArrayBuffer
        ? new Uint8Array(data)
        : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const sig = p256.sign(bytes, d, { prehash: true, lowS: true, format: "compact" });
    return sig.slice().buffer;
  };
  const proxied = new Proxy(subtle, {
    get(target, prop) {
      if (prop === "sign") return sign;
      const v = Reflect.get(target, prop, target);
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
  return {
    subtle: proxied,
    getRandomValues: () => {
      throw new Error("certificate generation must not draw its own randomness");
    },
    randomUUID: () => {
      throw new Error("certificate generation must not draw its own randomness");
    },
  } as unknown as webcrypto.Crypto;
}

export interface CertRequest {
  /** Subject: Organization values (Talos names its CAs by O=). */
  readonly organizations?: readonly string[];
  readonly commonName?: string;
  /** 16 bytes; the top bit is cleared so the serial stays positive. */
  readonly serial: Uint8Array;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

function subjectOf(r: CertRequest): x509.JsonName {
  const name: x509.JsonName = [];
  for (const o of r.organizations ?? []) name.push({ O: [o] });
  if (r.commonName) name.push({ CN: [r.commonName] });
  return name;
}

function serialHex(serial: Uint8Array): string {
  const b = Buffer.from(serial);
  b[0] = (b[0] ?? 0) & 0x7f;
  if (b[0] === 0) b[0] = 0x01;
  return b.toString("hex");
}

const EKU_SERVER = "1.3.6.1.5.5.7.3.1";
const EKU_CLIENT = "1.3.6.1.5.5.7.3.2";

/** A self-signed CA like siderolabs/crypto NewSelfSignedCertificateAuthority: server+client auth, cert sign. */
export async function selfSignedCa(key: KeyObject, r: CertRequest): Promise<string> {
  const keys = await cryptoPair(key);
  const crypto = deterministicCrypto();
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serialHex(r.serial),
      name: subjectOf(r),
      notBefore: r.notBefore,
      notAfter: r.notAfter,
      keys,
      signingAlgorithm: signingAlgorithm(key),
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([EKU_SERVER, EKU_CLIENT]),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  return cert.toString("pem").replace(/\r\n/g, "\n").concat("\n");
}

/** A client certificate (e.g. talosconfig's os:admin) signed by a CA. */
export async function clientCert(
  key: KeyObject,
  ca: { readonly crt: string; readonly key: KeyObject },
  r: CertRequest,
): Promise<string> {
  const crypto = deterministicCrypto();
  const caCert = new x509.X509Certificate(ca.crt);
  const pub = createPublicKey(key).toCryptoKey(algorithmOf(key), true, ["verify"]);
  const caKey = ca.key.toCryptoKey(algorithmOf(ca.key), true, ["sign"]);
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: serialHex(r.serial),
      subject: subjectOf(r),
      issuer: caCert.subject,
      notBefore: r.notBefore,
      notAfter: r.notAfter,
      publicKey: pub,
      signingKey: caKey,
      signingAlgorithm: signingAlgorithm(ca.key),
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([EKU_CLIENT]),
        await x509.AuthorityKeyIdentifierExtension.create(caCert, false, crypto),
      ],
    },
    crypto,
  );
  return cert.toString("pem").replace(/\r\n/g, "\n").concat("\n");
}
