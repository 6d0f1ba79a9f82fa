// Failures a user can cause and fix, thrown by libraries in their own types, mapped to moonlab's errors with a
// clear message and a documented exit code; whatever is not mapped here is a bug ("internal error", exit 70).
import { AwsCredentialsMissingError } from "../errors.ts";

export function asExpectedError(e: unknown): unknown {
  for (let x: unknown = e, i = 0; x && typeof x === "object" && i < 5; i++) {
    const o = x as { name?: string; message?: string; cause?: unknown };
    // The AWS SDK's credential chain found nothing (env, profile, SSO, web identity, container, instance metadata).
    if (o.name === "CredentialsProviderError") return new AwsCredentialsMissingError(o.message ?? "the SDK said so");
    x = o.cause;
  }
  return e;
}
