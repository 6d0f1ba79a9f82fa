// What every bring-up step works with: the plan and secrets, and the world only through ports (machines, the
// bastion, HTTP from the bastion, the operator's tools and the tunnel, Kubernetes). The CLI builds the real one
// (src/app/wake-lab.ts); tests build one from fakes.
import type { BastionWriter } from "../../adapters/bastion/push-secrets.ts";
import { LabError } from "../../errors.ts";
import type { Plan } from "../../plan/types.ts";
import type { BastionPort } from "../../ports/bastion.ts";
import type { HttpPort } from "../../ports/http.ts";
import type { KubePort } from "../../ports/kube.ts";
import type { MachinesPort } from "../../ports/machines.ts";
import type { OperatorPort, Tunnel } from "../../ports/operator.ts";
import type { LabSecrets } from "../../secrets/types.ts";
import type { Probe } from "../step-graph.ts";

/** The live suite's verdict, as the last step reports it. */
export interface AcceptanceSummary {
  readonly pass: number;
  readonly fail: number;
  readonly notApplicable: number;
  /** Ids of failed checks. */
  readonly failed: readonly string[];
}

/**
 * The lab's own images (built by moonlab, in no upstream registry: Moonlander's controller, the demo app), which the
 * registry on the bastion must hold before Flux deploys what mounts or runs them.
 */
export interface LabImages {
  /** Done when the lab registry holds each image at the digest moonlab builds; the evidence names what is missing. */
  check(): Promise<Probe>;
  /** Pushes what is missing; returns what was pushed (and what was left out, with why). */
  push(): Promise<string>;
}

export type WaitStep = "bastion" | "nodes" | "booting" | "etcd" | "kube-api" | "cozystack" | "flux";

export interface BringUpContext {
  readonly plan: Plan;
  readonly secrets: LabSecrets;
  readonly machines: MachinesPort;
  readonly bastion: BastionPort & BastionWriter;
  /** HTTP as the bastion sees it (the lab's services listen on private addresses). */
  readonly http: HttpPort;
  readonly operator: OperatorPort;
  /** The tunnel to the Talos and Kubernetes APIs through the bastion, opened on first use and shared. */
  readonly tunnel: () => Promise<Tunnel>;
  /** A KubePort for a kubeconfig file. */
  readonly kube: (kubeconfig: string) => KubePort;
  /** `.moonlab/<lab>/` beside the spec: talosconfig and kubeconfig, owner-only. */
  readonly stateDir: string;
  /** Directory holding the rendered gitops tree (`<dir>/bootstrap/install.sh`). */
  readonly gitopsDir: () => Promise<string>;
  readonly labImages: LabImages;
  /** Runs the live acceptance suite. */
  readonly acceptance: () => Promise<AcceptanceSummary>;
  readonly pollMs: number;
  readonly timeoutMs: Readonly<Record<WaitStep, number>>;
  readonly log: (line: string) => void;
  /** Session facts steps hand on (the last suite summary). */
  readonly state: { acceptance?: AcceptanceSummary };
}

/** Default waits on real hardware (a Graviton node netboots and installs in a few minutes; CozyStack takes long). */
export const DEFAULT_TIMEOUTS: Readonly<Record<WaitStep, number>> = {
  bastion: 10 * 60_000,
  nodes: 5 * 60_000,
  booting: 20 * 60_000,
  etcd: 10 * 60_000,
  "kube-api": 10 * 60_000,
  cozystack: 45 * 60_000,
  flux: 30 * 60_000,
};

/** Thrown by a probe to stop waiting at once (a refusal no retry can change). */
export class StopWaiting extends LabError {}

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Polls a probe until it says done or the step's time is up. On timeout the last error is rethrown when it carries
 * an exit code (an unreachable endpoint: 3), otherwise a check failure (1) with the last evidence.
 */
export async function waitFor(
  ctx: BringUpContext,
  step: WaitStep,
  what: string,
  probe: () => Promise<Probe>,
): Promise<string> {
  const limit = ctx.timeoutMs[step];
  const t0 = Date.now();
  let last: Probe = { done: false, evidence: "not probed yet" };
  let lastError: unknown;
  for (;;) {
    try {
      last = await probe();
      lastError = undefined;
      if (last.done) return `${what} after ${Math.round((Date.now() - t0) / 1000)} s: ${last.evidence}`;
    } catch (e) {
      if (e instanceof StopWaiting) throw e;
      lastError = e;
      last = { done: false, evidence: e instanceof Error ? e.message : String(e) };
    }
    if (Date.now() - t0 >= limit) {
      if (lastError instanceof LabError) throw lastError;
      throw new LabError(`timed out after ${Math.round(limit / 1000)} s waiting for ${what}: ${last.evidence}`, 1);
    }
    await pause(ctx.pollMs);
  }
}
