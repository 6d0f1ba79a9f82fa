import { describe, expect, it } from "vitest";
import { costTarget } from "../../../test/fakes/billing-targets.ts";
import { exampleObject, patched, planOf } from "../../../test/support/lab.ts";
import check from "./month-within-monthly-budget.ts";

const run = (input: unknown) => check.plan?.(costTarget(planOf(input)));

describe("t08/month-within-monthly-budget", () => {
  it("passes when budget.monthly covers every scheduled session ($90.19 for the default fleet daily)", () => {
    // $2.965093 a session x 7 x 730/168 = 30.4167 sessions = $90.1883, + $0 at rest
    const o = run(patched("moon", { budget: { monthly: 95 } }));
    expect(o?.status).toBe("pass");
    expect(o?.evidence[0]).toBe(
      "a month of 30.42 sessions (mon,tue,wed,thu,fri,sat,sun, 5 h) + at rest: $90.19 <= budget.monthly $95.00",
    );
  });

  it("fails a $10 month and says how many $2.97 sessions it pays for", () => {
    // floor(($10 - $0 at rest) / $2.965093) = floor(3.37) = 3
    const o = run(patched("moon", { budget: { monthly: 10 } }));
    expect(o?.status).toBe("fail");
    expect(o?.evidence[1]).toBe(
      "budget.monthly pays for 3 sessions of $2.97 a month; after that the wake guard refuses",
    );
  });

  it("follows the schedule: two 3-hour days a week are over $10, one hour on Saturdays fits", () => {
    const o = run(
      patched("moon", {
        budget: { monthly: 10 },
        bastion: { schedule: { start: "19:00", stop: "22:00", days: ["sat", "sun"] } },
      }),
    );
    // 3 h session = 3 x (0.0184 + 0.2944 + 2 x 0.4 x 0.2944) + 180 GB x 3/730 x 0.088 + 0.09
    // = 1.64496 + 0.0651 + 0.09 = 1.8001, x 2 x 730/168 = 15.64 > 10;
    // one hour: (0.54832 + 180 GB x 1/730 x 0.088 = 0.0217 + 0.09) x 730/168 = 2.87 <= 10
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
