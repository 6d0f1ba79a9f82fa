import { createPublicKey, X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { FIXTURE_NOW, fixedClock, fixtureTalosSecrets, seededRandom } from "../../test/fakes/secrets.ts";
import { bundleFromYaml, bundleToYaml } from "./bundle-yaml.ts";
import { talosSecrets } from "./derive.ts";
import { generateSecrets, genToken, systemClock, systemRandom } from "./generate.ts";
import { bundleProblems, chainProblems, TOKEN_RE } from "./inspect.ts";
import { CA_VALIDITY_MS, parsePrivateKeyPem, pemBody } from "./pki.ts";

describe("generateSecrets", () => {
  it("is deterministic for an injected clock and byte stream, and differs for another stream", async () => {
    const a = await generateSecrets({ clock: fixedClock(), random: seededRandom("s1") });
    const b = await generateSecrets({ clock: fixedClock(), random: seededRandom("s1") });
    const c = await generateSecrets({ clock: fixedClock(), random: seededRandom("s2") });
    expect(bundleToYaml(a)).toBe(bundleToYaml(b));
    expect(bundleToYaml(a)).not.toBe(bundleToYaml(c));
    expect((await talosSecrets(a)).adminClient).toEqual((await talosSecrets(b)).adminClient);
  });

  it("uses Talos's key types and PEM block types", async () => {
    const { bundle } = await fixtureTalosSecrets();
    const kinds = {
      os: ["ED25519 PRIVATE KEY", "ed25519"],
      etcd: ["EC PRIVATE KEY", "ec"],
      k8s: ["EC PRIVATE KEY", "ec"],
      k8sAggregator: ["EC PRIVATE KEY", "ec"],
    } as const;
    for (const [name, [pemType, keyType]] of Object.entries(kinds)) {
      const pair = bundle.certs[name as keyof typeof kinds];
      expect(pemBody(pair.key).type, name).toBe(pemType);
      const key = parsePrivateKeyPem(pair.key);
      expect(key.asymmetricKeyType, name).toBe(keyType);
      if (keyType === "ec") expect(key.asymmetricKeyDetails?.namedCurve).toBe("prime256v1");
      const cert = new X509Certificate(pair.crt);
      expect(cert.ca, name).toBe(true);
      expect(cert.publicKey.equals(createPublicKey(key)), name).toBe(true);
      expect(cert.verify(cert.publicKey), `${name} self-signed`).toBe(true);
      expect(new Date(cert.validFrom).getTime()).toBe(FIXTURE_NOW.getTime());
      expect(new Date(cert.validTo).getTime() - new Date(cert.validFrom).getTime()).toBe(CA_VALIDITY_MS);
    }
    expect(pemBody(bundle.certs.k8sServiceAccount.key).type).toBe("RSA PRIVATE KEY");
    expect(parsePrivateKeyPem(bundle.certs.k8sServiceAccount.key).asymmetricKeyDetails?.modulusLength).toBe(4096);
    expect(bundleProblems(bundle, FIXTURE_NOW)).toEqual([]);
  });

  it("formats tokens and secrets as Talos does", async () => {
    const { bundle } = await fixtureTalosSecrets();
    expect(bundle.secrets.bootstrapToken).toMatch(TOKEN_RE);
    expect(bundle.trustdInfo.token).toMatch(TOKEN_RE);
    expect(bundle.cluster.id).toMatch(/^[A-Za-z0-9_-]{43}=$/);
    expect(Buffer.from(bundle.cluster.secret, "base64")).toHaveLength(32);
    expect(Buffer.from(bundle.secrets.secretboxEncryptionSecret, "base64")).toHaveLength(32);
    const r = seededRandom("tokens");
    for (let i = 0; i < 200; i++) expect(genToken(r)).toMatch(TOKEN_RE);
  });

  it("derives a talosconfig client certificate signed by the os CA (O=os:admin, client auth only)", async () => {
    const s = await fixtureTalosSecrets();
    const cert = new X509Certificate(s.adminClient.crt);
    expect(cert.subject).toContain("O=os:admin");
    expect(cert.ca).toBe(false);
    expect(chainProblems(s.adminClient.crt, s.bundle.certs.os.crt, FIXTURE_NOW)).toEqual([]);
    expect(cert.publicKey.equals(createPublicKey(parsePrivateKeyPem(s.adminClient.key)))).toBe(true);
    expect(chainProblems(s.adminClient.crt, s.bundle.certs.k8s.crt, FIXTURE_NOW).length).toBeGreaterThan(0);
  });

  it("with the system clock and randomness, generates a sound bundle (real RSA-4096)", {
    timeout: 60_000,
  }, async () => {
    const b = await generateSecrets({ clock: systemClock, random: systemRandom });
    expect(bundleProblems(b)).toEqual([]);
  });
});

describe("bundle YAML (talosctl gen secrets layout)", () => {
  it("round-trips and uses talosctl's keys and base64 PEM", async () => {
    const { bundle } = await fixtureTalosSecrets();
    const yaml = bundleToYaml(bundle);
    expect(bundleFromYaml(yaml)).toEqual(bundle);
    const top = yaml.split("\n").filter((l) => /^\S/.test(l));
    expect(top).toEqual(["cluster:", "secrets:", "trustdinfo:", "certs:"]);
    for (const k of ["bootstraptoken:", "secretboxencryptionsecret:", "k8saggregator:", "k8sserviceaccount:", "os:"])
      expect(yaml).toContain(`    ${k}`);
    const raw = parse(yaml) as { certs: { os: { crt: string } } };
    expect(Buffer.from(raw.certs.os.crt, "base64").toString()).toBe(bundle.certs.os.crt);
  });

  it("reads a talosctl file with fields moonlab does not use (aescbcencryptionsecret)", async () => {
    const { bundle } = await fixtureTalosSecrets();
    const yaml = bundleToYaml(bundle).replace("secrets:\n", "secrets:\n    aescbcencryptionsecret: AAAA\n");
    expect(bundleFromYaml(yaml)).toEqual(bundle);
  });

  it("names the missing field", () => {
    expect(() => bundleFromYaml("cluster:\n  id: x\n")).toThrow(/cluster.secret is missing/);
  });

  it("bundleProblems catches a wrong key type, a bad token and an expired CA", async () => {
    const { bundle } = await fixtureTalosSecrets();
    const bad = {
      ...bundle,
      secrets: { ...bundle.secrets, bootstrapToken: "ABCDEF.0123456789abcdef" },
      certs: { ...bundle.certs, os: bundle.certs.etcd },
    };
    const problems = bundleProblems(bad, new Date("2040-01-01T00:00:00Z"));
    expect(problems.join("\n")).toMatch(/bootstraptoken/);
    expect(problems.join("\n")).toMatch(/certs.os.key is a EC PRIVATE KEY block/);
    expect(problems.join("\n")).toMatch(/not valid at 2040/);
  });
});
