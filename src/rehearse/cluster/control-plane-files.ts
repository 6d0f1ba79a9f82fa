// The files a control plane's programs read: the generated PKI written under <dir>/pki (keys 0600), the admin
// kubeconfig (system:masters, for the caller) and one kubeconfig per component user, so RBAC's built-in bindings
// for kube-controller-manager and kube-scheduler apply as in a real cluster.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import type { COMPONENT_USERS, ControlPlanePki, Pem } from "./pki.ts";

export interface ControlPlaneFiles {
  readonly caCrt: string;
  readonly caKey: string;
  readonly servingCrt: string;
  readonly servingKey: string;
  readonly saKey: string;
  readonly saPub: string;
  readonly adminKubeconfig: string;
  /** Writes (once per call) the kubeconfig of a component user and returns its path. */
  componentKubeconfig(user: (typeof COMPONENT_USERS)[number]): string;
}

export function kubeconfig(server: string, caPem: string, user: string, client: Pem): string {
  const b64 = (s: string) => Buffer.from(s).toString("base64");
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: "rehearsal", cluster: { server, "certificate-authority-data": b64(caPem) } }],
    users: [{ name: user, user: { "client-certificate-data": b64(client.cert), "client-key-data": b64(client.key) } }],
    contexts: [{ name: "rehearsal", context: { cluster: "rehearsal", user } }],
    "current-context": "rehearsal",
  });
}

export function writeControlPlaneFiles(dir: string, pki: ControlPlanePki, server: string): ControlPlaneFiles {
  const f = (name: string, content: string, mode = 0o600): string => {
    const p = join(dir, "pki", name);
    writeFileSync(p, content, { mode });
    return p;
  };
  const adminKubeconfig = join(dir, "admin.kubeconfig");
  writeFileSync(adminKubeconfig, kubeconfig(server, pki.ca.cert, "moonlab-admin", pki.admin), { mode: 0o600 });
  return {
    caCrt: f("ca.crt", pki.ca.cert, 0o644),
    caKey: f("ca.key", pki.ca.key),
    servingCrt: f("apiserver.crt", pki.serving.cert, 0o644),
    servingKey: f("apiserver.key", pki.serving.key),
    saKey: f("sa.key", pki.serviceAccount.key),
    saPub: f("sa.pub", pki.serviceAccount.pub, 0o644),
    adminKubeconfig,
    componentKubeconfig(user) {
      const p = join(dir, `${user.replace("system:", "")}.kubeconfig`);
      const pem = pki.components[user];
      if (!pem) throw new Error(`no certificate for ${user}`);
      writeFileSync(p, kubeconfig(server, pki.ca.cert, user, pem), { mode: 0o600 });
      return p;
    },
  };
}
