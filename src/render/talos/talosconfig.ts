// talos/talosconfig: the talosctl client config of the lab (os:admin client certificate signed by the os CA).
import { stringify } from "yaml";
import type { Plan } from "../../plan/types.ts";
import type { TalosSecrets } from "../../secrets/types.ts";

const b64 = (pem: string): string => Buffer.from(pem, "utf8").toString("base64");

export function talosconfigYaml(plan: Plan, talos: TalosSecrets): string {
  const cps = plan.nodes.filter((n) => n.role === "controlplane").map((n) => n.address);
  return stringify(
    {
      context: plan.lab,
      contexts: {
        [plan.lab]: {
          endpoints: cps,
          nodes: cps,
          ca: b64(talos.bundle.certs.os.crt),
          crt: b64(talos.adminClient.crt),
          key: b64(talos.adminClient.key),
        },
      },
    },
    { lineWidth: 0 },
  );
}
