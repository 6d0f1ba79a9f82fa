import { describe, expect, it } from "vitest";
import { EndpointUnreachableError } from "../../errors.ts";
import { call } from "./clients.ts";

describe("call", () => {
  const target = { region: "us-east-1", endpointUrl: "http://127.0.0.1:4566" };
  it("turns a refused connection into EndpointUnreachableError naming host and port", async () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:4566"), { code: "ECONNREFUSED" });
    const e = await call(target, "DescribeVpcs", () => Promise.reject(refused)).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(EndpointUnreachableError);
    expect((e as EndpointUnreachableError).message).toBe(
      "AWS API (DescribeVpcs) at 127.0.0.1:4566 is unreachable (ECONNREFUSED)",
    );
    expect((e as EndpointUnreachableError).exitCode).toBe(3);
  });
  it("finds the code inside an AggregateError and defaults to the regional endpoint on 443", async () => {
    const agg = Object.assign(new AggregateError([Object.assign(new Error("x"), { code: "ETIMEDOUT" })]), {});
    const e = await call({ region: "eu-west-1" }, "X", () => Promise.reject(agg)).catch((x: unknown) => x);
    expect((e as EndpointUnreachableError).message).toContain("ec2.eu-west-1.amazonaws.com:443");
  });
  it("passes other errors through", async () => {
    const other = new Error("AccessDenied");
    await expect(call(target, "X", () => Promise.reject(other))).rejects.toBe(other);
  });
});
