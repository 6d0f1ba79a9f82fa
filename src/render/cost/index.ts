// The cost artifact family: `cost.json` at the output root, the priced estimate of the plan (src/cost-model/estimate.ts).
// T08's plan-mode checks read it, `moonlab cost` prints the same model. Numbers are rounded to 6 decimals and keys
// sorted so the bytes are stable.

import type { Artifact } from "../../artifacts/artifact.ts";
import { type CostEstimate, estimateCost } from "../../cost-model/estimate.ts";
import type { Renderer } from "../renderer.ts";

export const COST_PATH = "cost.json";

function stable(v: unknown): unknown {
  if (typeof v === "number") return Number.isFinite(v) ? Math.round(v * 1e6) / 1e6 + 0 : String(v);
  if (Array.isArray(v)) return v.map(stable);
  if (v && typeof v === "object")
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, stable((v as Record<string, unknown>)[k])]),
    );
  return v;
}

/** The JSON text of an estimate (what cost.json holds and `moonlab cost --json` prints). */
export function costJson(e: CostEstimate): string {
  return `${JSON.stringify(stable(e), null, 2)}\n`;
}

export const renderCost: Renderer = (plan) => {
  const out: Artifact[] = [{ path: COST_PATH, content: costJson(estimateCost(plan)) }];
  return out;
};
