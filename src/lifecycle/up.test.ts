import { describe, expect, it } from "vitest";
import { BudgetExceededError } from "../cost-model/budget-guard.ts";
import { loadLab } from "../plan/load-lab.ts";
import { lifecycleContext } from "./context.ts";
import { wake } from "./sleep-wake.ts";
import { up } from "./up.ts";

// The budget guard runs before any AWS call: an endpoint nobody listens on proves nothing was attempted.
describe("budget guard before up and wake", () => {
  const plan = loadLab(undefined).plan;
  const ctx = lifecycleContext(plan, { endpointUrl: "http://127.0.0.1:9" });
  const over = { monthToDateCost: async () => ({ totalUsd: 123, byService: { "Amazon EC2": 123 } }) };
  it("up refuses when month-to-date spend is over budget", async () => {
    await expect(up(ctx, { template: "{}", billing: over })).rejects.toBeInstanceOf(BudgetExceededError);
  });
  it("wake refuses too", async () => {
    await expect(wake(ctx, { billing: over })).rejects.toBeInstanceOf(BudgetExceededError);
  });
  it("--force goes past the guard (and then needs AWS)", async () => {
    await expect(wake(ctx, { billing: over, force: true })).rejects.toThrow(/127\.0\.0\.1:9 is unreachable/);
  });
});

describe("nothing is created before the endpoint answers", () => {
  it("up against an unreachable endpoint never renders the template (which would create the secrets bundle)", async () => {
    const plan = loadLab(undefined).plan;
    const ctx = lifecycleContext(plan, { endpointUrl: "http://127.0.0.1:9" });
    let rendered = false;
    const template = async () => {
      rendered = true;
      return "{}";
    };
    await expect(up(ctx, { template })).rejects.toThrow(/127\.0\.0\.1:9 is unreachable/);
    expect(rendered).toBe(false);
  });
});
