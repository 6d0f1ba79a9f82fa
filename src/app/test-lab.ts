// `moonlab test`: the plan-mode suite over a fresh in-memory render, plus the live suite with --live.

import { createLivePorts, type LiveOptions } from "../adapters/live-ports.ts";
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
  const live = await runLive(loadChecks(SUITE), { plan, ports });
  return [...results, ...live];
}
