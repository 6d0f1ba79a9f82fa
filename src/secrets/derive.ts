// Material derived from the bundle, deterministically, so that a render is a pure function of the bundle.
import { createHash, X509Certificate } from "node:crypto";
import { clientCert, ed25519FromSeed, parsePrivateKeyPem, privateKeyPem } from "./pki.ts";
import type { CertAndKey, TalosSecrets, TalosSecretsBundle } from "./types.ts";

/**
 * The talosconfig client: an Ed25519 key derived from the os CA key, O=os:admin, signed by the os CA, valid for the
 * CA's own window (talosctl gives admins 1 year from "now"; a render must not depend on "now").
 */
export async function deriveAdminClient(bundle: TalosSecretsBundle): Promise<CertAndKey> {
  const os = bundle.certs.os;
  const seed = createHash("sha256").update("moonlab/talosconfig/os:admin\0").update(os.key).digest();
  const key = ed25519FromSeed(seed);
  const caCert = new X509Certificate(os.crt);
  const crt = await clientCert(
    key,
    { crt: os.crt, key: parsePrivateKeyPem(os.key) },
    {
      organizations: ["os:admin"],
      commonName: "admin",
      serial: createHash("sha256").update(seed).update("serial").digest().subarray(0, 16),
      notBefore: new Date(caCert.validFrom),
      notAfter: new Date(caCert.validTo),
    },
  );
  return { crt, key: privateKeyPem(key) };
}

export async function talosSecrets(bundle: TalosSecretsBundle): Promise<TalosSecrets> {
  return { bundle, adminClient: await deriveAdminClient(bundle) };
}
