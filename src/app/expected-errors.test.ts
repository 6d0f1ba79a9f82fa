import { describe, expect, it } from "vitest";
import { AwsCredentialsMissingError } from "../errors.ts";
import { asExpectedError } from "./expected-errors.ts";

describe("asExpectedError", () => {
  it("maps the AWS SDK's CredentialsProviderError (also as a cause) to exit 6 with what to do", () => {
    const sdk = Object.assign(new Error("Could not load credentials from any providers"), {
      name: "CredentialsProviderError",
    });
    for (const e of [sdk, new Error("wrapped", { cause: sdk })]) {
      const m = asExpectedError(e);
      expect(m).toBeInstanceOf(AwsCredentialsMissingError);
      expect((m as AwsCredentialsMissingError).exitCode).toBe(6);
      expect((m as Error).message).toMatch(/aws configure/);
    }
  });
  it("leaves every other error alone (a bug stays an internal error)", () => {
    const bug = new TypeError("x is undefined");
    expect(asExpectedError(bug)).toBe(bug);
  });
});
