// Plan-mode T08 checks read cost.json from the rendered tree (what `moonlab plan` wrote), not the model directly.
import type { ArtifactTree } from "../../artifacts/tree.ts";
import type { CostEstimate } from "../../cost-model/estimate.ts";

export const COST_JSON = "cost.json";

export function readCostJson(artifacts: ArtifactTree): CostEstimate | undefined {
  return artifacts.has(COST_JSON) ? artifacts.json<CostEstimate>(COST_JSON) : undefined;
}
