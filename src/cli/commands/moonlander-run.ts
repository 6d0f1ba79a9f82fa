// moonlab moonlander run [--kubeconfig FILE] [--parent-kubeconfig-secret NS/NAME] ...: Moonlander's controller.
// Registered by `moonlab moonlander` (./moonlander.ts) and by the controller image's entry point
// (../moonlander-entry.ts), so the CLI and the image parse the Deployment's args the same way.
import type { Command } from "commander";
import { runMoonlander } from "../../app/moonlander-run.ts";
import { MOONLANDER_NAMESPACE, MOONLANDER_SOURCE_KEY, MOONLANDER_SOURCE_SECRET } from "../../render/gitops/layout.ts";

export function registerMoonlanderRun(moonlander: Command): void {
  moonlander
    .command("run")
    .description(
      "run the Moonlander controller until SIGINT/SIGTERM: for each Landing, write the parent kubeconfig into the child cluster named by its admin-kubeconfig secret, keep it there, and remove it when the Landing goes",
    )
    .option("--kubeconfig <file>", "the parent cluster (default: the pod's ServiceAccount)")
    .option("--context <name>", "kubeconfig context")
    .option(
      "--parent-kubeconfig-secret <ns/name>",
      "secret in the parent holding the kubeconfig handed to children",
      `${MOONLANDER_NAMESPACE}/${MOONLANDER_SOURCE_SECRET}`,
    )
    .option("--parent-kubeconfig-key <key>", "key of that secret", MOONLANDER_SOURCE_KEY)
    .option("--resync <seconds>", "re-check every landed Landing this often (drift repair)", "600")
    .option("--retry <seconds>", "retry a Landing that is waiting or failed this often", "30")
    .action(
      async (o: {
        kubeconfig?: string;
        context?: string;
        parentKubeconfigSecret: string;
        parentKubeconfigKey: string;
        resync: string;
        retry: string;
      }) => {
        await runMoonlander({
          ...(o.kubeconfig ? { kubeconfig: o.kubeconfig } : {}),
          ...(o.context ? { context: o.context } : {}),
          source: o.parentKubeconfigSecret,
          sourceKey: o.parentKubeconfigKey,
          resyncSeconds: Number(o.resync),
          retrySeconds: Number(o.retry),
          log: (line) => process.stderr.write(`${new Date().toISOString()} moonlander: ${line}\n`),
        });
      },
    );
}
