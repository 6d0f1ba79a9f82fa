// `moonlab wake`: the lab from asleep to the acceptance suite (src/lifecycle/bring-up). This file only wires the
// real adapters to the step graph: operator tools (checked first), the bastion connection and the tunnel through it
// (wake-connection.ts: the operator's own key, or keyless over SSM or SSH), the machines (AWS or home), Kubernetes,
// the rendered gitops tree and the live suite (wake-acceptance.ts).
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AwsClients } from "../adapters/aws/clients.ts";
import { BastionHttp } from "../adapters/http/via-bastion.ts";
import { createKubePort, kubeConfigFrom } from "../adapters/kube/client-node.ts";
import type { LiveOptions } from "../adapters/live-ports.ts";
import { ExecOperator } from "../adapters/operator/exec-operator.ts";
import { sendMagicPacket } from "../adapters/wol/magic-packet.ts";
import { guardBudgetBeforeWake } from "../cost-model/budget-guard.ts";
import { UsageError } from "../errors.ts";
import { awsMachines } from "../lifecycle/bring-up/aws-machines.ts";
import { type BringUpContext, DEFAULT_TIMEOUTS } from "../lifecycle/bring-up/context.ts";
import { writeOwnerOnly } from "../lifecycle/bring-up/files.ts";
import { type BringUpKind, bringUpSteps } from "../lifecycle/bring-up/graph.ts";
import { homeMachines } from "../lifecycle/bring-up/home-machines.ts";
import { type NodeSleep, shutdownNodes } from "../lifecycle/bring-up/sleep-home.ts";
import { talosconfigStep } from "../lifecycle/bring-up/step-talosconfig.ts";
import { prepareLifecycle } from "../lifecycle/prepare.ts";
import { executeStep, type GraphStep, type StepOutcome } from "../lifecycle/step-graph.ts";
import { accessNeedsSessionPlugin, chooseBastionAccess, describeAccess } from "../plan/bastion-access.ts";
import { type LoadedLab, loadLab } from "../plan/load-lab.ts";
import type { Plan } from "../plan/types.ts";
import type { OperatorPort } from "../ports/operator.ts";
import { gitopsArtifacts } from "../render/gitops/index.ts";
import { writeArtifacts } from "../render/write.ts";
import { resolveSecrets } from "../secrets/resolve.ts";
import { secretsPaths } from "../secrets/store.ts";
import { doctor, requireTools } from "./doctor.ts";
import { wakeAcceptance } from "./wake-acceptance.ts";
import { wakeConnection } from "./wake-connection.ts";
import { wakeLabImages } from "./wake-images.ts";

export interface WakeLabOptions
  extends Pick<LiveOptions, "bastionSsh" | "sshKey" | "bastionLocal" | "endpointUrl" | "keyless"> {
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
  /** Closes the tunnel and the bastion connection (and its SSM session), removes the temporary gitops tree. */
  close(): Promise<void>;
}

/** Never mints a PKI: a new bundle would lock out nodes that already run the lab's (resolveSecrets would create one). */
async function existingSecrets(lab: LoadedLab) {
  const paths = secretsPaths(lab.specDir, lab.plan.lab);
  if (!existsSync(paths.bundle))
    throw new UsageError(`the lab has no Talos secrets bundle at ${paths.bundle}: run \`moonlab plan\` first`);
  return { secrets: await resolveSecrets(lab), stateDir: paths.dir };
}

/** The machines, and on AWS the budget guard before anything costs money; the AWS clients for the bastion path. */
async function wakeMachines(
  plan: Plan,
  o: WakeLabOptions,
): Promise<{ machines: BringUpContext["machines"]; clients?: AwsClients }> {
  if (plan.target !== "aws")
    return {
      machines: homeMachines(plan, {
        ...(o.wolBroadcast !== undefined ? { wolBroadcast: o.wolBroadcast } : {}),
        send: (mac, to) => sendMagicPacket(mac, to),
        log: o.log,
      }),
    };
  const p = await prepareLifecycle(o, o.log);
  if (p.billing) await guardBudgetBeforeWake(p.billing, plan, { force: o.force === true });
  else o.log("budget guard skipped: no billing access");
  return { machines: awsMachines(p.ctx), clients: p.ctx.aws };
}

/** A temporary rendered gitops tree, written on first use. */
function gitopsTree(plan: Plan): { dir: () => Promise<string>; remove: () => void } {
  let root: string | undefined;
  return {
    async dir() {
      if (!root) {
        root = mkdtempSync(join(tmpdir(), `moonlab-${plan.lab}-gitops-`));
        writeArtifacts(root, gitopsArtifacts(plan));
      }
      return join(root, "gitops");
    },
    remove: () => {
      if (root) rmSync(root, { recursive: true, force: true });
    },
  };
}

export async function prepareWake(o: WakeLabOptions): Promise<PreparedWake> {
  const lab = loadLab(o.spec);
  const plan = lab.plan;
  const kind: BringUpKind = plan.target === "aws" ? "aws" : "home";
  // 1. The path to the bastion (pure: a lab without one stops here, exit 2), then the tools it and the steps need:
  //    a missing talosctl or session-manager-plugin must stop us before a single instance starts.
  const access = chooseBastionAccess(plan, o);
  const operator = o.operator ?? new ExecOperator();
  requireTools(await doctor(operator, plan.talos.version, { sessionPlugin: accessNeedsSessionPlugin(access) }), o.log);
  const { secrets, stateDir } = await existingSecrets(lab);
  // 2. Machines (the budget guard first on AWS), then the connection every later step uses; it dials on first use,
  //    after the bastion step has started the bastion.
  const { machines, clients } = await wakeMachines(plan, o);
  const connection = wakeConnection(plan, access, o, clients);
  o.log(describeAccess(access));
  const gitops = gitopsTree(plan);
  const ctx: BringUpContext = {
    plan,
    secrets,
    machines,
    bastion: connection.bastion,
    http: new BastionHttp(connection.bastion),
    operator,
    tunnel: connection.tunnel,
    kube: (file) => createKubePort(kubeConfigFrom(file)),
    stateDir,
    gitopsDir: gitops.dir,
    labImages: wakeLabImages(plan, connection.forward),
    acceptance: wakeAcceptance(plan, secrets, stateDir, connection.tunnel, { ...o, bastion: connection.bastion }),
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
      await connection.close();
      gitops.remove();
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
