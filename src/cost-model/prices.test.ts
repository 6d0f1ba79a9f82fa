import { describe, expect, it } from "vitest";
import { isLabError } from "../errors.ts";
import {
  instanceHourPrice,
  MAX_PRICE_AGE_DAYS,
  PRICE_TABLE,
  PRICES_AS_OF,
  priceTableAgeDays,
  SPOT_ASSUMPTION,
  UnknownPriceError,
} from "./prices.ts";

describe("the price table", () => {
  it("is younger than MAX_PRICE_AGE_DAYS by the real clock (re-check the prices against their sources when this fails)", () => {
    const age = priceTableAgeDays(new Date());
    expect(age, `prices are from ${PRICES_AS_OF}, ${age} days old`).toBeLessThanOrEqual(MAX_PRICE_AGE_DAYS);
    expect(age).toBeGreaterThanOrEqual(0);
  });

  it("counts as stale once the injected clock passes the limit", () => {
    const asOf = Date.parse(`${PRICES_AS_OF}T00:00:00Z`);
    expect(priceTableAgeDays(new Date(asOf + MAX_PRICE_AGE_DAYS * 86_400_000))).toBe(MAX_PRICE_AGE_DAYS);
    expect(priceTableAgeDays(new Date(asOf + (MAX_PRICE_AGE_DAYS + 1) * 86_400_000))).toBeGreaterThan(
      MAX_PRICE_AGE_DAYS,
    );
  });

  it("prices the same things in eu-west-1 and us-east-1, each with an https source and the table's date", () => {
    const eu = PRICE_TABLE["eu-west-1"];
    const us = PRICE_TABLE["us-east-1"];
    expect(eu && us).toBeTruthy();
    if (!eu || !us) return;
    expect(Object.keys(eu.instances).sort()).toEqual(Object.keys(us.instances).sort());
    for (const r of [eu, us])
      for (const [k, v] of Object.entries(r)) {
        if (k === "region" || k === "instances") continue;
        const price = v as { usd: number; source: string; asOf: string };
        expect(price.source, k).toMatch(/^https:\/\//);
        expect(price.asOf, k).toBe(PRICES_AS_OF);
        expect(price.usd, k).toBeGreaterThan(0);
      }
  });

  it("has the defaults, their neighbours, a .metal type and amd64 equivalents", () => {
    for (const region of ["eu-west-1", "us-east-1"])
      for (const t of [
        "t4g.small",
        "t4g.medium",
        "t4g.large",
        "t4g.xlarge",
        "t4g.2xlarge",
        "m7g.large",
        "c7g.large",
        "m7g.metal",
        "a1.metal",
        "t3.small",
        "t3.xlarge",
      ])
        expect(instanceHourPrice(region, t).usd, `${t} in ${region}`).toBeGreaterThan(0);
  });

  it("keeps the documented list prices the model depends on", () => {
    const eu = PRICE_TABLE["eu-west-1"];
    expect(eu?.instances["t4g.small"]).toBe(0.0184);
    expect(eu?.instances["t4g.xlarge"]).toBe(0.1472);
    expect(eu?.ebsGp3GbMonth.usd).toBe(0.088);
    expect(eu?.publicIpv4Hour.usd).toBe(0.005);
    expect(PRICE_TABLE["us-east-1"]?.instances["t4g.small"]).toBe(0.0168);
    expect(PRICE_TABLE["us-east-1"]?.ebsGp3GbMonth.usd).toBe(0.08);
  });

  it("states spot as a dated assumption with a source", () => {
    expect(SPOT_ASSUMPTION.factorOfOnDemand).toBeGreaterThan(0);
    expect(SPOT_ASSUMPTION.factorOfOnDemand).toBeLessThan(1);
    expect(SPOT_ASSUMPTION.asOf).toMatch(/^\d{4}-\d\d-\d\d$/);
    expect(SPOT_ASSUMPTION.source).toMatch(/^https:\/\//);
  });

  it("refuses an unknown region or type as bad input, listing what it knows", () => {
    expect(() => instanceHourPrice("mars-1", "t4g.small")).toThrow(/knows: eu-west-1, us-east-1/);
    try {
      instanceHourPrice("eu-west-1", "x9.huge");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(UnknownPriceError);
      expect(isLabError(e) && e.exitCode).toBe(2);
      expect((e as Error).message).toContain("t4g.small");
    }
  });
});
