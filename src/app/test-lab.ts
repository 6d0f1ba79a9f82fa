// `moonlab test`: the plan-mode suite over a fresh in-memory render, plus the live suite with --live.

import { createLivePorts, type LiveOptions } from "../adapters/live-ports.ts";
import { readRehearsalMarker, scopeToRehearsal } from "../checks/rehearsal-scope.ts";
import type { Result } from "../checks/result.ts";
import { loadChecks, runLive } from "../checks/run-suite.ts";
import { SUITE } from "../checks/suite.ts";
import type { Plan } from "../plan/types.ts";
import type { LabSecrets } from "../secrets/types.ts";
import { renderAndCheck } from "./plan-lab.ts";

export async function testLab(
  plan: Plan,
  secrets: LabSecrets,
  options: { readonly live: boolean } & LiveOptions,
): Promise<Result[]> {
  const { results } = await renderAndCheck(plan, secrets, { emulator: options.endpointUrl !== undefined });
  if (!options.live) return [...results];
  const ports = await createLivePorts(plan, options);
  // A cluster rehearsal (`moonlab rehearse cluster --keep`) says so in a marker: its sync source is the loopback
  // fleet repository, and checks that need a component it does not run are not applicable there (rehearsal-scope.ts).
  const marker = ports.kube ? await readRehearsalMarker(ports.kube).catch(() => undefined) : undefined;
  const livePlan = marker ? { ...plan, gitops: { ...plan.gitops, repo: marker.fleetRepo } } : plan;
  const live = await runLive(await loadChecks(SUITE), { plan: livePlan, ports });
  return [...results, ...(marker ? scopeToRehearsal(live, marker) : live)];
}
