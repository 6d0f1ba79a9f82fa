// The bundle's keys and certificates as openssl sees them: key algorithms, CA flags, 10-year validity, self-signed
// CAs, and the talosconfig client chaining to the os CA. (Talos names its Ed25519 PEM block "ED25519 PRIVATE KEY";
// the body is PKCS#8, so openssl reads it once the block is named PRIVATE KEY.)
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { fixtureTalosSecrets } from "../../fakes/secrets.ts";
import { describeWithTools, requireTool } from "../../support/tools.ts";

const dir = mkdtempSync(join(tmpdir(), "moonlab-pki-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

const openssl = (...args: string[]) => execFileSync(requireTool("openssl"), args, { encoding: "utf8" });

describeWithTools(
  [{ name: "openssl", how: "apt-get install openssl (scripts/test-tools/10-debian.sh)" }],
  "PKI under openssl",
  () => {
    it("CAs: key algorithm, CA:TRUE, cert sign, 10 years, self-signed, key matches", async () => {
      const { bundle } = await fixtureTalosSecrets();
      const cases = [
        ["os", bundle.certs.os, "ED25519"],
        ["etcd", bundle.certs.etcd, "id-ecPublicKey"],
        ["k8s", bundle.certs.k8s, "id-ecPublicKey"],
        ["k8saggregator", bundle.certs.k8sAggregator, "id-ecPublicKey"],
      ] as const;
      for (const [name, pair, alg] of cases) {
        const crt = file(`${name}.crt`, pair.crt);
        const text = openssl("x509", "-in", crt, "-noout", "-text");
        expect(text, name).toContain(`Public Key Algorithm: ${alg}`);
        if (alg === "id-ecPublicKey") expect(text).toContain("NIST CURVE: P-256");
        expect(text).toMatch(/CA:TRUE/);
        expect(text).toMatch(/Certificate Sign/);
        expect(text).toMatch(/Not Before: Jan {2}1 00:00:00 2026 GMT/);
        expect(text).toMatch(/Not After : Dec 30 00:00:00 2035 GMT/);
        expect(openssl("verify", "-CAfile", crt, crt).trim()).toBe(`${crt}: OK`);
        const key = file(`${name}.key`, pair.key.replace(/ED25519 PRIVATE KEY/g, "PRIVATE KEY"));
        expect(openssl("pkey", "-in", key, "-pubout"), `${name} key matches`).toBe(
          openssl("x509", "-in", crt, "-noout", "-pubkey"),
        );
      }
      const sa = file("sa.key", bundle.certs.k8sServiceAccount.key);
      expect(openssl("rsa", "-in", sa, "-noout", "-text")).toMatch(/Private-Key: \(4096 bit, 2 primes\)/);
    });

    it("the talosconfig client certificate verifies against the os CA for client auth", async () => {
      const s = await fixtureTalosSecrets();
      const ca = file("os-ca.crt", s.bundle.certs.os.crt);
      const client = file("admin.crt", s.adminClient.crt);
      expect(openssl("verify", "-CAfile", ca, "-purpose", "sslclient", "-attime", "1780000000", client).trim()).toBe(
        `${client}: OK`,
      );
      const other = file("k8s-ca.crt", s.bundle.certs.k8s.crt);
      expect(() => openssl("verify", "-CAfile", other, client)).toThrow();
      expect(openssl("x509", "-in", client, "-noout", "-subject")).toMatch(/O\s*=\s*os:admin/);
    });
  },
);
