// The throwaway PKI of a local control plane: one CA, the API server's serving certificate, client certificates
// (system:masters admin, and one per component), and the service-account signing key. ECDSA P-256 through
// @peculiar/x509 over Node's WebCrypto; fresh randomness on every start (nothing here outlives the control plane).
// @peculiar/x509 resolves its ASN.1 classes through tsyringe, which needs the Reflect metadata polyfill first.
import "reflect-metadata";
import { generateKeyPairSync, type KeyObject, webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";

const ALG = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
const EKU_SERVER = "1.3.6.1.5.5.7.3.1";
const EKU_CLIENT = "1.3.6.1.5.5.7.3.2";
const DAY = 86_400_000;

export interface Pem {
  readonly cert: string;
  readonly key: string;
}

export interface ControlPlanePki {
  readonly ca: Pem;
  readonly serving: Pem;
  readonly admin: Pem;
  /** Client certificates of the components, by user name (e.g. system:kube-controller-manager). */
  readonly components: Readonly<Record<string, Pem>>;
  /** PEM private and public key of the service-account token signer. */
  readonly serviceAccount: { readonly key: string; readonly pub: string };
}

function keyPem(k: KeyObject): string {
  return k.export({ format: "pem", type: "sec1" }).toString();
}

function newKey(): { pair: webcrypto.CryptoKeyPair; pem: string } {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const pair = {
    privateKey: privateKey.toCryptoKey(ALG, true, ["sign"]),
    publicKey: publicKey.toCryptoKey(ALG, true, ["verify"]),
  } as webcrypto.CryptoKeyPair;
  return { pair, pem: keyPem(privateKey) };
}

const serial = (): string => {
  const b = Buffer.from(webcrypto.getRandomValues(new Uint8Array(16)));
  b[0] = ((b[0] ?? 0) & 0x7f) | 0x01;
  return b.toString("hex");
};

const pemOf = (c: x509.X509Certificate): string => c.toString("pem").replace(/\r\n/g, "\n").concat("\n");

async function leaf(
  ca: { cert: x509.X509Certificate; key: webcrypto.CryptoKey },
  subject: string,
  usage: "server" | "client",
  sans: readonly { type: "dns" | "ip"; value: string }[] = [],
): Promise<Pem> {
  const k = newKey();
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: serial(),
      subject,
      issuer: ca.cert.subject,
      notBefore: new Date(now - 60_000),
      notAfter: new Date(now + 7 * DAY),
      publicKey: k.pair.publicKey,
      signingKey: ca.key,
      signingAlgorithm: ALG,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
        new x509.ExtendedKeyUsageExtension([usage === "server" ? EKU_SERVER : EKU_CLIENT]),
        ...(sans.length > 0 ? [new x509.SubjectAlternativeNameExtension(sans.map((s) => ({ ...s })))] : []),
      ],
    },
    webcrypto,
  );
  return { cert: pemOf(cert), key: k.pem };
}

/** Component identities the built-in RBAC roles know (system:kube-controller-manager, system:kube-scheduler). */
export const COMPONENT_USERS = ["system:kube-controller-manager", "system:kube-scheduler"] as const;

export async function generateControlPlanePki(serviceIp: string): Promise<ControlPlanePki> {
  const caKey = newKey();
  const now = Date.now();
  const caCert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serial(),
      name: "CN=moonlab-rehearsal-ca",
      notBefore: new Date(now - 60_000),
      notAfter: new Date(now + 7 * DAY),
      keys: caKey.pair,
      signingAlgorithm: ALG,
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.digitalSignature, true),
      ],
    },
    webcrypto,
  );
  const ca = { cert: caCert, key: caKey.pair.privateKey };
  const serving = await leaf(ca, "CN=kube-apiserver", "server", [
    { type: "ip", value: "127.0.0.1" },
    { type: "ip", value: serviceIp },
    { type: "dns", value: "localhost" },
    { type: "dns", value: "kubernetes" },
    { type: "dns", value: "kubernetes.default" },
    { type: "dns", value: "kubernetes.default.svc" },
    { type: "dns", value: "kubernetes.default.svc.cluster.local" },
  ]);
  const admin = await leaf(ca, "O=system:masters, CN=moonlab-admin", "client");
  const components: Record<string, Pem> = {};
  for (const u of COMPONENT_USERS) components[u] = await leaf(ca, `CN=${u}`, "client");
  const sa = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return {
    ca: { cert: pemOf(caCert), key: caKey.pem },
    serving,
    admin,
    components,
    serviceAccount: {
      key: keyPem(sa.privateKey),
      pub: sa.publicKey.export({ format: "pem", type: "spki" }).toString(),
    },
  };
}
