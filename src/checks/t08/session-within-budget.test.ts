import { describe, expect, it } from "vitest";
import { costTarget } from "../../../test/fakes/billing-targets.ts";
import { exampleObject, patched, planOf } from "../../../test/support/lab.ts";
import check from "./session-within-budget.ts";

const run = (input: unknown) => check.plan?.(costTarget(planOf(input)));

describe("t08/session-within-budget", () => {
  it("passes when the session ($2.97 for the default fleet) is within budget.perSession", () => {
    // 5 h x (0.0184 + 0.005 + 0.2944 + 2 x 0.4 x 0.2944) + (30 + 3 x 50) GB x 5/730 x 0.088 + 1 GB x 0.09
    // = 2.7846 + 0.1085 + 0.09 = 2.9651 (0.005: the bastion's public IPv4, which the nodes' NAT needs)
    const o = run(patched("moon", { budget: { perSession: 3 } }));
    expect(o?.status).toBe("pass");
    expect(o?.evidence[0]).toBe("one session (5 h, 18:00-23:00 Europe/Dublin): $2.97 <= $3.00 (budget.perSession)");
    expect(o?.evidence).toContain("moon-bastion (bastion) t4g.small on-demand: 5 instance-hour x $0.0184 = $0.09");
  });

  it("fails a $1.00 session budget for three t4g.2xlarge nodes, naming them first", () => {
    const o = run(patched("moon", { budget: { perSession: 1 } }));
    expect(o?.status).toBe("fail");
    expect(o?.evidence[0]).toBe(
      "one session (5 h, 18:00-23:00 Europe/Dublin): $2.97 is over $1.00 (budget.perSession); the items that make it up, largest first:",
    );
    // the on-demand gateway (5 h x $0.2944 = $1.472) is larger than each spot compute node (0.4 x that = $0.5888)
    expect(o?.evidence[1]).toBe(
      "moon-gateway-1 (controlplane node) t4g.2xlarge on-demand: 5 instance-hour x $0.2944 = $1.47",
    );
    expect(o?.evidence[2]).toMatch(
      /^moon-compute-1 \(worker node\) t4g\.2xlarge spot: 5 instance-hour x \$0\.11776 = \$0\.59/,
    );
    expect(o?.evidence.join("\n")).toMatch(/data transfer out/);
    expect(o?.evidence.join("\n")).toMatch(/or raise budget\.perSession/);
  });

  it("passes a $1.00 session with a smaller, shorter fleet (t4g.medium nodes, 3 h)", () => {
    const o = run(
      patched("moon", {
        budget: { perSession: 1 },
        nodes: { instanceType: "t4g.medium" },
        bastion: { schedule: { start: "19:00", stop: "22:00" } },
        // t4g.medium (2 vCPU, 4 GiB) is below CozyStack's minimum: the spec must acknowledge it to validate.
        acknowledgements: [
          ...(exampleObject("moon").acknowledgements as unknown[]),
          {
            id: "cozystack.below-minimum-resources",
            reason: "a budget test with a fleet smaller than CozyStack needs",
          },
        ],
      }),
    );
    // 3 h x (0.0184 + 0.005 + 0.0368 + 2 x 0.4 x 0.0368) + EBS (30 + 3 x 50) GB x 3/730 x 0.088 + 1 GB x 0.09
    // = 0.26892 + 0.0651 + 0.09 = 0.4240
    expect(o?.status).toBe("pass");
    expect(o?.evidence[0]).toMatch(/: \$0\.42 <= \$1\.00/);
  });

  it("is not applicable at home", () => {
    expect(run(exampleObject("home"))?.status).toBe("not-applicable");
  });
});
