// Targets for T08 check tests: a plan with its rendered cost.json (and optionally an aws/template.json), and a
// live target whose AwsPort answers billing from a fake (describeLab is not used by T08).

import type { Artifact } from "../../src/artifacts/artifact.ts";
import { ArtifactTree } from "../../src/artifacts/tree.ts";
import type { LiveTarget, PlanTarget } from "../../src/checks/check.ts";
import type { Plan } from "../../src/plan/types.ts";
import type { AwsBillingPort, AwsPort } from "../../src/ports/aws.ts";
import { renderCost } from "../../src/render/cost/index.ts";
import type { LabSecrets } from "../../src/secrets/types.ts";

/** renderCost reads only the plan; the secrets argument is unused by the cost family. */
const NO_SECRETS = {} as unknown as LabSecrets;

export function costTarget(plan: Plan, extra: readonly Artifact[] = []): PlanTarget {
  return { plan, artifacts: new ArtifactTree([...renderCost(plan, NO_SECRETS, {}), ...extra]) };
}

export function billingTarget(plan: Plan, billing: AwsBillingPort | undefined): LiveTarget {
  if (!billing) return { plan, ports: {} };
  const aws: AwsPort = {
    ...billing,
    describeLab: async () => {
      throw new Error("T08 must not read the infrastructure");
    },
  };
  return { plan, ports: { aws } };
}

/** A plan target whose cost.json is the rendered one changed by `edit` (to test a check's failing branch). */
export function withCostJson(plan: Plan, edit: (cost: Record<string, unknown>) => Record<string, unknown>): PlanTarget {
  const rendered = costTarget(plan).artifacts.json<Record<string, unknown>>("cost.json");
  return { plan, artifacts: new ArtifactTree([{ path: "cost.json", content: JSON.stringify(edit(rendered)) }]) };
}
