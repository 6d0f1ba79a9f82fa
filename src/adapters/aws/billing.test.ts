import { describe, expect, it } from "vitest";
import { clientConfig, monthToDatePeriod, summarize } from "./billing.ts";
import { accountIdFromArn } from "./billing-budgets.ts";

describe("billing adapter helpers", () => {
  it("asks for [first of the month, tomorrow) in UTC, also on the 1st and the last day", () => {
    expect(monthToDatePeriod(new Date("2026-11-01T00:30:00Z"))).toEqual({ Start: "2026-11-01", End: "2026-11-02" });
    expect(monthToDatePeriod(new Date("2026-12-31T23:59:00Z"))).toEqual({ Start: "2026-12-01", End: "2027-01-01" });
  });

  it("sums grouped amounts per service and falls back to the ungrouped total", () => {
    expect(
      summarize({
        ResultsByTime: [
          {
            Groups: [
              { Keys: ["EC2 - Other"], Metrics: { UnblendedCost: { Amount: "0.5" } } },
              { Keys: ["AWS Cost Explorer"], Metrics: { UnblendedCost: { Amount: "0.02" } } },
            ],
          },
          { Groups: [{ Keys: ["EC2 - Other"], Metrics: { UnblendedCost: { Amount: "0.25" } } }] },
        ],
      }),
    ).toEqual({ totalUsd: 0.77, byService: { "AWS Cost Explorer": 0.02, "EC2 - Other": 0.75 } });
    expect(summarize({ ResultsByTime: [{ Total: { UnblendedCost: { Amount: "1.5" } }, Groups: [] }] })).toEqual({
      totalUsd: 1.5,
      byService: {},
    });
  });

  it("talks to us-east-1 (Cost Explorer and Budgets are global) and to an emulator with one attempt", () => {
    expect(clientConfig({}).region).toBe("us-east-1");
    const e = clientConfig({ endpointUrl: "http://127.0.0.1:5000" });
    expect(e.endpoint).toBe("http://127.0.0.1:5000");
    expect(e.maxAttempts).toBe(1);
  });

  it("reads the account id from an ARN", () => {
    expect(accountIdFromArn("arn:aws:cloudformation:eu-west-1:123456789012:stack/moonlab-moon/abc")).toBe(
      "123456789012",
    );
    expect(accountIdFromArn("not-an-arn")).toBeUndefined();
  });
});
