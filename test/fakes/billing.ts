// AwsBillingPort fakes: a fixed month-to-date answer (counting calls), an empty one, and a broken one.

import { EndpointUnreachableError } from "../../src/errors.ts";
import type { AwsBillingPort } from "../../src/ports/aws.ts";

export interface CountingBilling extends AwsBillingPort {
  readonly calls: () => number;
}

export function fixedBilling(byService: Readonly<Record<string, number>>): CountingBilling {
  let n = 0;
  const totalUsd = Object.values(byService).reduce((a, b) => a + b, 0);
  return {
    calls: () => n,
    monthToDateCost: async () => {
      n += 1;
      return { totalUsd, byService: { ...byService } };
    },
  };
}

export const emptyBilling = (): CountingBilling => fixedBilling({});

export function brokenBilling(host = "127.0.0.1", port = 1): AwsBillingPort {
  return {
    monthToDateCost: async () => {
      throw new EndpointUnreachableError("Cost Explorer", host, port, "ECONNREFUSED");
    },
  };
}
