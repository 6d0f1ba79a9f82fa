// The main job: validate -> plan -> render every family -> write -> run the plan-mode checks -> checks.json.

import type { Artifact } from "../artifacts/artifact.ts";
import { ArtifactTree } from "../artifacts/tree.ts";
import { formatJson } from "../checks/reporters/json.ts";
import type { Result } from "../checks/result.ts";
import { loadChecks, runPlan } from "../checks/run-suite.ts";
import { SUITE } from "../checks/suite.ts";
import type { Plan } from "../plan/types.ts";
import { renderAll } from "../render/families.ts";
import type { RenderOptions } from "../render/renderer.ts";
import { type WriteReport, writeArtifacts } from "../render/write.ts";
import type { LabSecrets } from "../secrets/types.ts";
import { assertAcknowledgedChecksExist } from "./acknowledgements.ts";

export interface Rendered {
  readonly artifacts: readonly Artifact[];
  readonly results: readonly Result[];
}

/** Renders every family and runs the plan-mode suite over the result; pure apart from loading check modules. */
export async function renderAndCheck(
  plan: Plan,
  secrets: LabSecrets,
  options: RenderOptions = {},
  ids: readonly string[] = SUITE,
): Promise<Rendered> {
  assertAcknowledgedChecksExist(plan.lab, plan.acknowledgements);
  const artifacts = renderAll(plan, secrets, options);
  const checks = loadChecks(ids);
  const results = runPlan(checks, { plan, artifacts: new ArtifactTree(artifacts) });
  const checksJson: Artifact = { path: "checks.json", content: formatJson(results, { lab: plan.lab, mode: "plan" }) };
  return { artifacts: [...artifacts, checksJson], results };
}

export function writeRendered(outDir: string, r: Rendered, options: { readonly force?: boolean } = {}): WriteReport {
  return writeArtifacts(outDir, r.artifacts, options);
}

/** Refuses a bad --out before anything (the secrets bundle included) is created. */
export { assertOutDirUsable } from "../render/out-dir.ts";
