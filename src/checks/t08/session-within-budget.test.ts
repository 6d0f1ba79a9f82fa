import { describe, expect, it } from "vitest";
import { costTarget } from "../../../test/fakes/billing-targets.ts";
import { exampleObject, patched, planOf } from "../../../test/support/lab.ts";
import check from "./session-within-budget.ts";

const run = (input: unknown) => check.plan?.(costTarget(planOf(input)));

describe("t08/session-within-budget", () => {
  it("passes when the session ($2.48 for the default fleet) is within budget.perSession", () => {
    const o = run(patched("moon", { budget: { perSession: 2.5 } }));
    expect(o?.status).toBe("pass");
    expect(o?.evidence[0]).toBe("one session (5 h, 18:00-23:00 Europe/Dublin): $2.48 <= $2.50 (budget.perSession)");
    expect(o?.evidence).toContain("moon-bastion (bastion) t4g.small on-demand: 5 instance-hour x $0.0184 = $0.09");
  });

  it("fails a $1.00 session budget for three t4g.xlarge nodes, naming them first", () => {
    const o = run(patched("moon", { budget: { perSession: 1 } }));
    expect(o?.status).toBe("fail");
    expect(o?.evidence[0]).toBe(
      "one session (5 h, 18:00-23:00 Europe/Dublin): $2.48 is over $1.00 (budget.perSession); the items that make it up, largest first:",
    );
    expect(o?.evidence[1]).toBe("moon-compute-1 (worker node) t4g.xlarge on-demand: 5 instance-hour x $0.1472 = $0.74");
    expect(o?.evidence.join("\n")).toMatch(/data transfer out/);
    expect(o?.evidence.join("\n")).toMatch(/or raise budget\.perSession/);
  });

  it("passes a $1.00 session with a smaller, shorter fleet (t4g.medium nodes, 3 h)", () => {
    const o = run(
      patched("moon", {
        budget: { perSession: 1 },
        nodes: { instanceType: "t4g.medium" },
        bastion: { schedule: { start: "19:00", stop: "22:00" } },
      }),
    );
    // 3 h x (0.0184 + 3 x 0.0368) + EBS (30 + 120) GB x 3/730 x 0.088 + 1 GB x 0.09 = 0.387 + 0.0542 + 0.09
    expect(o?.status).toBe("pass");
    expect(o?.evidence[0]).toMatch(/: \$0\.53 <= \$1\.00/);
  });

  it("is not applicable at home", () => {
    expect(run(exampleObject("home"))?.status).toBe("not-applicable");
  });
});
