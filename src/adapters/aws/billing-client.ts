// SDK settings shared by the billing adapters: Cost Explorer and Budgets are global services served from
// us-east-1 whatever the lab's region; an emulator gets one attempt and fixed credentials when none are set.
import { EndpointUnreachableError } from "../../errors.ts";

export const BILLING_REGION = "us-east-1";

/** SDK client settings: the billing region, the endpoint override, and dummy credentials for an emulator when
 * the environment has none (moto accepts any). */
export function clientConfig(o: { readonly endpointUrl?: string }): {
  region: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  maxAttempts: number;
} {
  const emulatorCreds =
    o.endpointUrl !== undefined && !process.env.AWS_ACCESS_KEY_ID && !process.env.AWS_PROFILE
      ? { credentials: { accessKeyId: "moonlab-emulator", secretAccessKey: "moonlab-emulator" } }
      : {};
  return {
    region: BILLING_REGION,
    ...(o.endpointUrl !== undefined ? { endpoint: o.endpointUrl } : {}),
    ...emulatorCreds,
    maxAttempts: o.endpointUrl !== undefined ? 1 : 3,
  };
}

/** Rethrows a refused or unresolvable endpoint as EndpointUnreachableError naming host and port. */
export function unreachable(what: string, endpointUrl: string | undefined, e: unknown): never {
  const code =
    (e as { code?: string; cause?: { code?: string } }).code ?? (e as { cause?: { code?: string } }).cause?.code;
  if (code && /^(ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ECONNRESET|ETIMEDOUT|EAI_AGAIN)$/.test(code)) {
    const u = new URL(endpointUrl ?? `https://${what}.${BILLING_REGION}.amazonaws.com`);
    const port = Number(u.port || (u.protocol === "https:" ? 443 : 80));
    throw new EndpointUnreachableError(what, u.hostname, port, code);
  }
  throw e;
}
