import { describe, expect, it } from "vitest";
import { brokenBilling, fixedBilling } from "../../../test/fakes/billing.ts";
import { billingTarget } from "../../../test/fakes/billing-targets.ts";
import { exampleObject, patched, planOf } from "../../../test/support/lab.ts";
import check from "./month-to-date-under-budget.ts";

const moon = () => planOf(patched("moon", { budget: { monthly: 10 } }));

describe("t08/month-to-date-under-budget", () => {
  it("passes under budget.monthly and lists spend by service", async () => {
    const o = await check.live?.(
      billingTarget(moon(), fixedBilling({ "EC2 - Other": 0.5, "Amazon Elastic Compute Cloud - Compute": 4.25 })),
    );
    expect(o?.status).toBe("pass");
    expect(o?.evidence).toEqual([
      "month-to-date $4.75 <= budget.monthly $10.00",
      "Amazon Elastic Compute Cloud - Compute: $4.25",
      "EC2 - Other: $0.50",
    ]);
  });

  it("fails over budget.monthly", async () => {
    const o = await check.live?.(
      billingTarget(moon(), fixedBilling({ "Amazon Elastic Compute Cloud - Compute": 10.01 })),
    );
    expect(o?.status).toBe("fail");
    expect(o?.evidence[0]).toBe("month-to-date $10.01 is over budget.monthly $10.00; by service:");
  });

  it("is not applicable without AWS access, and at home", async () => {
    const o = await check.live?.(billingTarget(moon(), undefined));
    expect(o?.status).toBe("not-applicable");
    expect(o?.reason).toMatch(/no aws access/);
    expect((await check.live?.(billingTarget(planOf(exampleObject("home")), fixedBilling({}))))?.status).toBe(
      "not-applicable",
    );
  });

  it("throws (an error result) when Cost Explorer is unreachable, naming host and port", async () => {
    await expect(check.live?.(billingTarget(moon(), brokenBilling("127.0.0.1", 5999)))).rejects.toThrow(
      "Cost Explorer at 127.0.0.1:5999 is unreachable (ECONNREFUSED)",
    );
  });
});
