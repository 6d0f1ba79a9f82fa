// `moonlab wake`: the lab from asleep to the acceptance suite (src/lifecycle/bring-up). This file only wires the
// real adapters to the step graph: operator tools (checked first), the bastion (SSH, or local at home), the tunnel
// through it, the machines (AWS or home), Kubernetes, the rendered gitops tree and the live suite.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SshBastion } from "../adapters/bastion/ssh.ts";
import { BastionHttp } from "../adapters/http/via-bastion.ts";
import { createKubePort, kubeConfigFrom } from "../adapters/kube/client-node.ts";
import { bastionPort, type LiveOptions } from "../adapters/live-ports.ts";
import { ExecOperator } from "../adapters/operator/exec-operator.ts";
import { ConnectProxyTunnel } from "../adapters/tunnel/connect-proxy.ts";
import { sendMagicPacket } from "../adapters/wol/magic-packet.ts";
import { summarize } from "../checks/result.ts";
import { guardBudgetBeforeWake } from "../cost-model/budget-guard.ts";
import { UsageError } from "../errors.ts";
import { awsMachines } from "../lifecycle/bring-up/aws-machines.ts";
import { type BringUpContext, DEFAULT_TIMEOUTS } from "../lifecycle/bring-up/context.ts";
import { writeOwnerOnly } from "../lifecycle/bring-up/files.ts";
import { type BringUpKind, bringUpSteps } from "../lifecycle/bring-up/graph.ts";
import { homeMachines } from "../lifecycle/bring-up/home-machines.ts";
import { type NodeSleep, shutdownNodes } from "../lifecycle/bring-up/sleep-home.ts";
import { talosconfigStep } from "../lifecycle/bring-up/step-talosconfig.ts";
import { SESSION_KUBECONFIG, TALOSCONFIG } from "../lifecycle/bring-up/talos.ts";
import { prepareLifecycle } from "../lifecycle/prepare.ts";
import { executeStep, type GraphStep, type StepOutcome } from "../lifecycle/step-graph.ts";
import { loadLab } from "../plan/load-lab.ts";
import type { OperatorPort, Tunnel } from "../ports/operator.ts";
import { gitopsArtifacts } from "../render/gitops/index.ts";
import { writeArtifacts } from "../render/write.ts";
import { resolveSecrets } from "../secrets/resolve.ts";
import { secretsPaths } from "../secrets/store.ts";
import { doctor, requireTools } from "./doctor.ts";
import { testLab } from "./test-lab.ts";

export interface WakeLabOptions extends Pick<LiveOptions, "bastionSsh" | "sshKey" | "bastionLocal" | "endpointUrl"> {
  readonly spec?: string;
  readonly force?: boolean;
  /** Home: Wake-on-LAN broadcast address. */
  readonly wolBroadcast?: string;
  readonly log: (line: string) => void;
  /** Replaces the real tools (tests). */
  readonly operator?: OperatorPort;
}

export interface PreparedWake {
  readonly kind: BringUpKind;
  readonly ctx: BringUpContext;
  readonly steps: readonly GraphStep<BringUpContext>[];
  /** Closes the tunnel and the SSH connection, removes the temporary gitops tree. */
  close(): Promise<void>;
}

export async function prepareWake(o: WakeLabOptions): Promise<PreparedWake> {
  const lab = loadLab(o.spec);
  const plan = lab.plan;
  const kind: BringUpKind = plan.target === "aws" ? "aws" : "home";
  // 1. Tools first: a missing talosctl must stop us before a single instance starts.
  const operator = o.operator ?? new ExecOperator();
  requireTools(await doctor(operator, plan.talos.version), o.log);
  // 2. The bastion connection every later step uses.
  const bastion = bastionPort(plan, o);
  if (!bastion)
    throw new UsageError(
      kind === "aws"
        ? "name the bastion: --bastion-ssh user@host[:port] (its public address; docs/bring-up.md)"
        : "name the bastion: --bastion-local when moonlab runs on it, or --bastion-ssh user@host",
    );
  // Never mint a PKI here: a new bundle would lock out nodes that already run the lab's (resolveSecrets would create one).
  const paths = secretsPaths(lab.specDir, plan.lab);
  if (!existsSync(paths.bundle))
    throw new UsageError(`the lab has no Talos secrets bundle at ${paths.bundle}: run \`moonlab plan\` first`);
  const secrets = await resolveSecrets(lab);
  // 3. Machines, and the budget guard before anything on AWS costs money.
  let machines: BringUpContext["machines"];
  if (kind === "aws") {
    const p = await prepareLifecycle(o, o.log);
    if (p.billing) await guardBudgetBeforeWake(p.billing, plan, { force: o.force === true });
    else o.log("budget guard skipped: no billing access");
    machines = awsMachines(p.ctx);
  } else {
    machines = homeMachines(plan, {
      ...(o.wolBroadcast !== undefined ? { wolBroadcast: o.wolBroadcast } : {}),
      send: (mac, to) => sendMagicPacket(mac, to),
      log: o.log,
    });
  }
  // 4. The tunnel: over SSH port forwarding when the bastion is remote; none when moonlab runs on the lab's LAN.
  let tunnel: Promise<Tunnel> | undefined;
  const openTunnel = (): Promise<Tunnel> => {
    if (tunnel) return tunnel;
    const allowed = plan.nodes.flatMap((n) => [50000, 6443].map((port) => ({ host: n.address, port })));
    tunnel =
      bastion instanceof SshBastion
        ? new ConnectProxyTunnel((h, p) => bastion.forwardOut(h, p)).open(allowed)
        : Promise.resolve({ close: async () => {} });
    return tunnel;
  };
  const stateDir = paths.dir;
  let gitops: string | undefined;
  const ctx: BringUpContext = {
    plan,
    secrets,
    machines,
    bastion,
    http: new BastionHttp(bastion),
    operator,
    tunnel: openTunnel,
    kube: (file) => createKubePort(kubeConfigFrom(file)),
    stateDir,
    gitopsDir: async () => {
      if (!gitops) {
        gitops = mkdtempSync(join(tmpdir(), `moonlab-${plan.lab}-gitops-`));
        writeArtifacts(gitops, gitopsArtifacts(plan));
      }
      return join(gitops, "gitops");
    },
    acceptance: async () => {
      // talosctl (through TalosctlPort) inherits this process's environment: point it at the tunnel for the run.
      const proxy = (await openTunnel()).proxyUrl;
      const saved = { HTTPS_PROXY: process.env.HTTPS_PROXY, NO_PROXY: process.env.NO_PROXY };
      if (proxy) Object.assign(process.env, { HTTPS_PROXY: proxy, NO_PROXY: "" });
      try {
        const results = await testLab(plan, secrets, {
          live: true,
          ...o,
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
    },
    pollMs: 5000,
    timeoutMs: DEFAULT_TIMEOUTS,
    log: o.log,
    state: {},
  };
  return {
    kind,
    ctx,
    steps: bringUpSteps(kind),
    async close() {
      if (tunnel) await (await tunnel).close();
      if (bastion instanceof SshBastion) bastion.close();
      if (gitops) rmSync(gitops, { recursive: true, force: true });
    },
  };
}

/** File under `.moonlab/<lab>/` with the last wake's step timings (what a session costs in time, docs/bring-up.md). */
export const TIMINGS_FILE = "last-wake.json";

/** Records the steps' timings of a wake, finished or failed (then up to the failed step). */
export function saveTimings(
  ctx: BringUpContext,
  report: { readonly steps: readonly StepOutcome[]; readonly totalMs?: number },
  at: Date = new Date(),
): string {
  const steps = report.steps.map((s) => ({ id: s.id, status: s.status, seconds: Math.round(s.ms) / 1000 }));
  const total = report.totalMs ?? report.steps.reduce((a, s) => a + s.ms, 0);
  const doc = {
    lab: ctx.plan.lab,
    target: ctx.plan.target,
    at: at.toISOString(),
    totalSeconds: Math.round(total) / 1000,
    steps,
  };
  return writeOwnerOnly(ctx.stateDir, TIMINGS_FILE, `${JSON.stringify(doc, null, 2)}\n`);
}

/** `moonlab sleep` on a home/local lab: the talosconfig in place, then each node shut down through its Talos API. */
export async function sleepHomeLab(o: WakeLabOptions): Promise<NodeSleep[]> {
  const w = await prepareWake(o);
  try {
    if (w.kind === "aws") throw new UsageError("sleepHomeLab is for home and local labs: `moonlab sleep` drives AWS");
    await executeStep(talosconfigStep, w.ctx);
    return await shutdownNodes(w.ctx);
  } finally {
    await w.close();
  }
}
