// moonlab rehearse cluster [--spec FILE] [--keep] [--work-dir DIR] [--json]: the lab's GitOps tree reconciled by the
// real Flux controllers on a local control plane (src/rehearse/cluster/rehearse-cluster.ts).
import type { Command } from "commander";
import { runMoonlander } from "../../app/moonlander-run.ts";
import { UsageError } from "../../errors.ts";
import { loadLab } from "../../plan/load-lab.ts";
import { findControlPlaneTools } from "../../rehearse/cluster/control-plane.ts";
import { startClusterRehearsal } from "../../rehearse/cluster/rehearse-cluster.ts";
import { renderClusterRehearsal } from "../../rehearse/cluster/report.ts";
import { INSTALL_HOW } from "../../rehearse/cluster/tools.ts";
import { lbMode } from "../../render/gitops/load-balancing.ts";

export function registerCluster(rehearse: Command): void {
  rehearse
    .command("cluster")
    .description(
      "reconcile the lab's GitOps tree with the real Flux source- and kustomize-controller on a local Kubernetes control plane (kwok nodes named as the plan's), after a server-side dry-run of every object, and run Moonlander's controller with the tree's RBAC against a second API server standing in for the guest cluster (land, follow, unland); with a load-balancer pool, MetalLB's controller gives a Service shaped as the tree's an address from the pool; leaves nothing running",
    )
    .option("--spec <file>", "lab spec (default: the built-in lab moon)")
    .option("--keep", "leave the rehearsal running until Ctrl-C (prints its kubeconfig for `moonlab test --live`)")
    .option("--work-dir <dir>", "keep certificates, logs and the git repositories here")
    .option("--settle-timeout <seconds>", "longest wait for Flux to settle", "120")
    .option("--json", "print the report as JSON")
    .action(async (o: { spec?: string; keep?: boolean; workDir?: string; settleTimeout: string; json?: boolean }) => {
      const settle = Number(o.settleTimeout);
      if (!Number.isFinite(settle) || settle <= 0) throw new UsageError("--settle-timeout must be a positive number");
      const lab = loadLab(o.spec);
      // MetalLB's controller only where the tree renders a pool for it (lbMode: home/local with a pool).
      const { missing } = findControlPlaneTools({ flux: true, metallb: lbMode(lab.plan) === "metallb-l2" });
      if (missing.length > 0) throw new UsageError(`missing ${missing.join(", ")}: ${INSTALL_HOW}`);
      const r = await startClusterRehearsal(lab.plan, {
        moonlander: runMoonlander,
        ...(o.workDir ? { workDir: o.workDir } : {}),
        settleTimeoutMs: settle * 1000,
        ...(o.json ? {} : { log: (line: string) => process.stderr.write(`rehearse cluster: ${line}\n`) }),
      });
      try {
        process.stdout.write(o.json ? `${JSON.stringify(r.report, null, 2)}\n` : renderClusterRehearsal(r.report));
        if (o.keep) {
          process.stderr.write(
            `rehearse cluster: running; kubeconfig ${r.kubeconfigPath}\n  moonlab test --live --spec <the spec> --kubeconfig ${r.kubeconfigPath}\n  Ctrl-C stops everything\n`,
          );
          await new Promise<void>((resolve) => {
            process.once("SIGINT", resolve);
            process.once("SIGTERM", resolve);
          });
        }
      } finally {
        await r.stop();
      }
      process.exitCode = r.report.ok ? 0 : 1;
    });
}
