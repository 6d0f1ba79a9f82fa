// The bring-up's last step: the live acceptance suite with talosctl pointed at the tunnel through the bastion.
import { join } from "node:path";
import { summarize } from "../checks/result.ts";
import type { BringUpContext } from "../lifecycle/bring-up/context.ts";
import { SESSION_KUBECONFIG, TALOSCONFIG } from "../lifecycle/bring-up/talos.ts";
import type { Plan } from "../plan/types.ts";
import type { Tunnel } from "../ports/operator.ts";
import type { LabSecrets } from "../secrets/types.ts";
import { type TestLabOptions, testLab } from "./test-lab.ts";

export function wakeAcceptance(
  plan: Plan,
  secrets: LabSecrets,
  stateDir: string,
  tunnel: () => Promise<Tunnel>,
  options: Omit<TestLabOptions, "live" | "kubeconfig" | "talosconfig">,
): BringUpContext["acceptance"] {
  return async () => {
    // talosctl (through TalosctlPort) inherits this process's environment: point it at the tunnel for the run.
    const proxy = (await tunnel()).proxyUrl;
    const saved = { HTTPS_PROXY: process.env.HTTPS_PROXY, NO_PROXY: process.env.NO_PROXY };
    if (proxy) Object.assign(process.env, { HTTPS_PROXY: proxy, NO_PROXY: "" });
    try {
      const results = await testLab(plan, secrets, {
        ...options,
        live: true,
        kubeconfig: join(stateDir, SESSION_KUBECONFIG),
        talosconfig: join(stateDir, TALOSCONFIG),
      });
      const s = summarize(results);
      return {
        pass: s.passed,
        fail: s.failed + s.errors,
        notApplicable: s.notApplicable,
        failed: results
          .filter((r) => (r.status === "fail" && !r.acknowledged) || r.status === "error")
          .map((r) => r.id),
      };
    } finally {
      for (const [k, v] of Object.entries(saved))
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
    }
  };
}
