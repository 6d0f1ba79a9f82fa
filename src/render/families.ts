// Every artifact family, in output order; renderAll concatenates them and refuses duplicate paths.

import type { Artifact } from "../artifacts/artifact.ts";
import type { Plan } from "../plan/types.ts";
import type { LabSecrets } from "../secrets/types.ts";
import { renderAws } from "./aws/index.ts";
import { renderBastion } from "./bastion/index.ts";
import { renderCost } from "./cost/index.ts";
import { renderGitops } from "./gitops/index.ts";
import { assertPlanLineSafe } from "./line-safe.ts";
import type { Renderer, RenderOptions } from "./renderer.ts";
import { renderTalos } from "./talos/index.ts";

export const FAMILIES: readonly { readonly name: string; readonly render: Renderer }[] = [
  { name: "aws", render: renderAws },
  { name: "bastion", render: renderBastion },
  { name: "talos", render: renderTalos },
  { name: "gitops", render: renderGitops },
  { name: "cost", render: renderCost },
];

export function renderFamily(name: string, plan: Plan, secrets: LabSecrets, options: RenderOptions = {}): Artifact[] {
  const f = FAMILIES.find((x) => x.name === name);
  if (!f) throw new Error(`unknown artifact family ${name}`);
  assertPlanLineSafe(plan);
  return f.render(plan, secrets, options);
}

export function renderAll(plan: Plan, secrets: LabSecrets, options: RenderOptions = {}): Artifact[] {
  assertPlanLineSafe(plan);
  const out: Artifact[] = [];
  const seen = new Set<string>();
  for (const f of FAMILIES) {
    for (const a of f.render(plan, secrets, options)) {
      if (seen.has(a.path)) throw new Error(`artifact path ${a.path} rendered twice (family ${f.name})`);
      seen.add(a.path);
      out.push(a);
    }
  }
  return out;
}
