import { describe, expect, it } from "vitest";
import { brokenBilling, fixedBilling } from "../../test/fakes/billing.ts";
import { exampleObject, patched, planOf } from "../../test/support/lab.ts";
import { EndpointUnreachableError, isLabError } from "../errors.ts";
import { BudgetExceededError, guardBudgetBeforeWake } from "./budget-guard.ts";

const moon = () => planOf(patched("moon", { budget: { monthly: 10 } }));

describe("guardBudgetBeforeWake", () => {
  it("lets a lab under budget wake", async () => {
    const r = await guardBudgetBeforeWake(
      fixedBilling({ "EC2 - Other": 1, "Amazon Elastic Compute Cloud - Compute": 8.99 }),
      moon(),
      {
        force: false,
      },
    );
    expect(r).toEqual({ spentUsd: 9.99, limitUsd: 10, over: false, forced: false });
  });

  it("refuses over budget with a clear message naming spend, limit, the largest services and how to override", async () => {
    const billing = fixedBilling({ "Amazon Elastic Compute Cloud - Compute": 9.5, "EC2 - Other": 0.75, Tax: 0 });
    const p = guardBudgetBeforeWake(billing, moon(), { force: false });
    await expect(p).rejects.toBeInstanceOf(BudgetExceededError);
    const e = await p.catch((x: unknown) => x);
    expect(isLabError(e)).toBe(true);
    expect((e as Error).message).toBe(
      "refusing to wake lab moon: month-to-date spend $10.25 is over its monthly budget $10.00 (budget.monthly); " +
        "largest: Amazon Elastic Compute Cloud - Compute $9.50, EC2 - Other $0.75. " +
        "Wait for the next month, raise budget.monthly in the spec, or pass --force to wake it anyway",
    );
  });

  it("wakes over budget when forced, and says it was forced", async () => {
    const r = await guardBudgetBeforeWake(fixedBilling({ "EC2 - Other": 12 }), moon(), { force: true });
    expect(r).toEqual({ spentUsd: 12, limitUsd: 10, over: true, forced: true });
  });

  it("does not ask Cost Explorer for a home lab", async () => {
    const billing = fixedBilling({ "EC2 - Other": 99 });
    expect(await guardBudgetBeforeWake(billing, planOf(exampleObject("home")), { force: false })).toBeUndefined();
    expect(billing.calls()).toBe(0);
  });

  it("passes an unreachable Cost Explorer through as EndpointUnreachableError (never wakes blind)", async () => {
    await expect(guardBudgetBeforeWake(brokenBilling(), moon(), { force: false })).rejects.toBeInstanceOf(
      EndpointUnreachableError,
    );
  });
});
