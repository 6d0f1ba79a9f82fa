// The Talos machine config of one node as served to it (matchbox generic template) and written to talos/.
// OWNED BY THE TALOS ISSUE (#5): placeholder signature so other families can import it; throws until implemented.
import type { Plan, PlanNode } from "../../plan/types.ts";
import type { LabSecrets } from "../../secrets/types.ts";

export function machineConfigYaml(_plan: Plan, _node: PlanNode, _secrets: LabSecrets): string {
  throw new Error("machineConfigYaml is not implemented yet (Talos issue #5)");
}
