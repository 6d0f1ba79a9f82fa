import { describe, expect, it } from "vitest";
import { exampleObject, patched, planOf } from "../../../test/support/lab.ts";
import type { LabSecrets } from "../../secrets/types.ts";
import { COST_PATH, renderCost } from "./index.ts";

const NO_SECRETS = {} as unknown as LabSecrets; // the cost family reads only the plan

describe("renderCost", () => {
  it("writes cost.json at the output root, byte-stable, keys sorted, numbers rounded to 6 decimals", () => {
    const plan = planOf(exampleObject("moon"));
    const [a, ...rest] = renderCost(plan, NO_SECRETS, {});
    expect(rest).toEqual([]);
    expect(a?.path).toBe(COST_PATH);
    expect(COST_PATH).toBe("cost.json");
    const again = renderCost(planOf(exampleObject("moon")), NO_SECRETS, {})[0];
    expect(again?.content).toBe(a?.content);
    const text = String(a?.content);
    expect(text.endsWith("}\n")).toBe(true);
    const j = JSON.parse(text) as Record<string, unknown> & { session: { totalUsd: number } };
    expect(Object.keys(j)).toEqual([...Object.keys(j)].sort());
    // 5 h x (0.0184 + 0.005 + 0.2944 + 2 x 0.4 x 0.2944) + (30 + 3 x 50) GB x 5/730 x 0.088 + 1 GB x 0.09 = 2.9650931507
    expect(j.session.totalUsd).toBe(2.965093);
    expect(text).not.toMatch(/\d\.\d{7,}/);
  });

  it("changes when the plan's cost changes, and renders a zero report at home", () => {
    const a = renderCost(planOf(exampleObject("moon")), NO_SECRETS, {})[0]?.content;
    const b = renderCost(planOf(patched("moon", { bastion: { publicIpv4: false, nat: false } })), NO_SECRETS, {})[0]
      ?.content;
    expect(a).not.toBe(b);
    const home = JSON.parse(String(renderCost(planOf(exampleObject("home")), NO_SECRETS, {})[0]?.content));
    expect(home.target).toBe("home");
    expect(home.session.totalUsd).toBe(0);
  });
});
