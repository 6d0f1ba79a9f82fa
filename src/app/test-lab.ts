// `moonlab test`: the plan-mode suite over a fresh in-memory render (or the tree `plan --out DIR` wrote), plus the
// live suite with --live.

import { SshBastion } from "../adapters/bastion/ssh.ts";
import { createLivePorts, type LiveOptions } from "../adapters/live-ports.ts";
import { readArtifacts } from "../artifacts/read-tree.ts";
import { ArtifactTree } from "../artifacts/tree.ts";
import { readRehearsalMarker, scopeToRehearsal } from "../checks/rehearsal-scope.ts";
import type { Result } from "../checks/result.ts";
import { loadChecks, runLive, runPlan } from "../checks/run-suite.ts";
import { SUITE } from "../checks/suite.ts";
import { EndpointUnreachableError } from "../errors.ts";
import type { Plan } from "../plan/types.ts";
import type { Ports } from "../ports/ports.ts";
import type { LabSecrets } from "../secrets/types.ts";
import { renderAndCheck } from "./plan-lab.ts";

export type TestLabOptions = {
  readonly live: boolean;
  /** An existing plan tree to check instead of rendering again. */
  readonly planDir?: string;
} & LiveOptions;

export async function testLab(plan: Plan, secrets: LabSecrets, options: TestLabOptions): Promise<Result[]> {
  const results =
    options.planDir === undefined
      ? (await renderAndCheck(plan, secrets, { emulator: options.endpointUrl !== undefined })).results
      : runPlan(await loadChecks(SUITE), { plan, artifacts: new ArtifactTree(readArtifacts(options.planDir)) });
  if (!options.live) return [...results];
  const ports = await createLivePorts(plan, options);
  try {
    await preflight(ports, plan.lab);
    // A cluster rehearsal (`moonlab rehearse cluster --keep`) says so in a marker: its sync source is the loopback
    // fleet repository, and checks that need a component it does not run are not applicable there (rehearsal-scope.ts).
    const marker = ports.kube ? await readRehearsalMarker(ports.kube).catch(() => undefined) : undefined;
    const livePlan = marker ? { ...plan, gitops: { ...plan.gitops, repo: marker.fleetRepo } } : plan;
    const live = await runLive(loadChecks(SUITE), { plan: livePlan, ports });
    return [...results, ...(marker ? scopeToRehearsal(live, marker) : live)];
  } finally {
    // A connection made here is ended here (an SSM session and its plugin would keep the process alive); wake's is
    // wake's to close.
    if (options.bastion === undefined && ports.bastion instanceof SshBastion) await ports.bastion.close();
  }
}

/**
 * One request before the suite: an AWS endpoint nobody answers is exit 3 naming its host and port (as the README
 * promises), not one `error` result per live check. Any other failure is left to the checks to report.
 */
async function preflight(ports: Partial<Ports>, lab: string): Promise<void> {
  if (!ports.aws) return;
  try {
    await ports.aws.describeLab(lab);
  } catch (e) {
    if (e instanceof EndpointUnreachableError) throw e;
  }
}
