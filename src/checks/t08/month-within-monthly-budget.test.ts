import { describe, expect, it } from "vitest";
import { costTarget } from "../../../test/fakes/billing-targets.ts";
import { exampleObject, patched, planOf } from "../../../test/support/lab.ts";
import check from "./month-within-monthly-budget.ts";

const run = (input: unknown) => check.plan?.(costTarget(planOf(input)));

describe("t08/month-within-monthly-budget", () => {
  it("passes when budget.monthly covers every scheduled session ($75.45 for the default fleet daily)", () => {
    const o = run(patched("moon", { budget: { monthly: 80 } }));
    expect(o?.status).toBe("pass");
    expect(o?.evidence[0]).toBe(
      "a month of 30.42 sessions (mon,tue,wed,thu,fri,sat,sun, 5 h) + at rest: $75.45 <= budget.monthly $80.00",
    );
  });

  it("fails a $10 month and says how many $2.48 sessions it pays for", () => {
    const o = run(patched("moon", { budget: { monthly: 10 } }));
    expect(o?.status).toBe("fail");
    expect(o?.evidence[1]).toBe(
      "budget.monthly pays for 4 sessions of $2.48 a month; after that the wake guard refuses",
    );
  });

  it("follows the schedule: two 3-hour days a week are over $10, one hour on Saturdays fits", () => {
    const o = run(
      patched("moon", {
        budget: { monthly: 10 },
        bastion: { schedule: { start: "19:00", stop: "22:00", days: ["sat", "sun"] } },
      }),
    );
    // 3 h session = 3 x (0.0184 + 3 x 0.1472) + 150 GB x 3/730 x 0.088 + 0.09 = 1.4322 + 0.0542 + 0.09 = 1.5765
    // x 2 x 730/168 = 13.70 > 10; one hour: (0.46 + 0.018 + 0.09) x 730/168 = 2.47 <= 10
    expect(o?.status).toBe("fail");
    const two = run(
      patched("moon", {
        budget: { monthly: 10 },
        bastion: { schedule: { start: "20:00", stop: "21:00", days: ["sat"] } },
      }),
    );
    expect(two?.status).toBe("pass");
  });

  it("is not applicable at home", () => {
    expect(run(exampleObject("home"))?.status).toBe("not-applicable");
  });
});
