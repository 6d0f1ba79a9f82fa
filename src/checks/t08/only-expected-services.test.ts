import { describe, expect, it } from "vitest";
import { fixedBilling } from "../../../test/fakes/billing.ts";
import { billingTarget } from "../../../test/fakes/billing-targets.ts";
import { exampleObject, planOf } from "../../../test/support/lab.ts";
import check from "./only-expected-services.ts";

const moon = () => planOf(exampleObject("moon"));

describe("t08/only-expected-services", () => {
  it("passes when only the lab's services are billed (zero-cost lines are ignored)", async () => {
    const o = await check.live?.(
      billingTarget(
        moon(),
        fixedBilling({
          "Amazon Elastic Compute Cloud - Compute": 2,
          "EC2 - Other": 0.1,
          "AWS Cost Explorer": 0.02,
          "Amazon Simple Storage Service": 0,
        }),
      ),
    );
    expect(o?.status).toBe("pass");
    expect(o?.evidence).toEqual([
      "billed this month: AWS Cost Explorer, Amazon Elastic Compute Cloud - Compute, EC2 - Other (all expected)",
    ]);
  });

  it("fails on an unexpected service, largest first", async () => {
    const o = await check.live?.(
      billingTarget(
        moon(),
        fixedBilling({
          "Amazon Elastic Compute Cloud - Compute": 2,
          "Elastic Load Balancing": 0.6,
          "Amazon Relational Database Service": 3.1,
        }),
      ),
    );
    expect(o?.status).toBe("fail");
    expect(o?.evidence.slice(0, 2)).toEqual([
      "unexpected service billed this month: Amazon Relational Database Service $3.10",
      "unexpected service billed this month: Elastic Load Balancing $0.60",
    ]);
  });

  it("passes a month with no charges, and is not applicable without access", async () => {
    expect((await check.live?.(billingTarget(moon(), fixedBilling({}))))?.evidence).toEqual([
      "no service billed this month",
    ]);
    expect((await check.live?.(billingTarget(moon(), undefined)))?.status).toBe("not-applicable");
  });
});
