// `moonlab test`: the plan-mode suite over a fresh in-memory render (or the tree `plan --out DIR` wrote), plus the
// live suite with --live.

import { createLivePorts, type LiveOptions } from "../adapters/live-ports.ts";
import { readArtifacts } from "../artifacts/read-tree.ts";
import { ArtifactTree } from "../artifacts/tree.ts";
import type { Result } from "../checks/result.ts";
import { loadChecks, runLive, runPlan } from "../checks/run-suite.ts";
import { SUITE } from "../checks/suite.ts";
import type { Plan } from "../plan/types.ts";
import type { LabSecrets } from "../secrets/types.ts";
import { renderAndCheck } from "./plan-lab.ts";

export async function testLab(
  plan: Plan,
  secrets: LabSecrets,
  options: {
    readonly live: boolean /** An existing plan tree to check instead of rendering again. */;
    readonly planDir?: string;
  } & LiveOptions,
): Promise<Result[]> {
  const results =
    options.planDir === undefined
      ? (await renderAndCheck(plan, secrets, { emulator: options.endpointUrl !== undefined })).results
      : runPlan(await loadChecks(SUITE), { plan, artifacts: new ArtifactTree(readArtifacts(options.planDir)) });
  if (!options.live) return [...results];
  const ports = await createLivePorts(plan, options);
  const live = await runLive(await loadChecks(SUITE), { plan, ports });
  return [...results, ...live];
}
