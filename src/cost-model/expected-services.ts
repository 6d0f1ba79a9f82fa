// Which Cost Explorer services (SERVICE dimension names) a moonlab lab is expected to be billed for. Anything
// else with a charge means something outside the lab's design is running (a NAT gateway shows as "EC2 - Other"
// too, but T01 proves there is none; a forgotten load balancer, RDS, S3 bucket or another region's work shows up
// here).
import type { Plan } from "../plan/types.ts";

export interface ExpectedService {
  readonly service: string;
  readonly why: string;
}

export function expectedServices(plan: Plan): ExpectedService[] {
  return [
    { service: "Amazon Elastic Compute Cloud - Compute", why: "bastion and node instance hours" },
    { service: "EC2 - Other", why: "gp3 volumes while instances exist, data transfer out" },
    {
      service: "Amazon Virtual Private Cloud",
      why: plan.bastion.publicIpv4 ? "the bastion's public IPv4 hours" : "public IPv4 hours (none expected, harmless)",
    },
    { service: "AWS Cost Explorer", why: "GetCostAndUsage requests ($0.01 each; live T08 makes one)" },
    { service: "AWS Budgets", why: "budgets beyond the account's first two" },
    { service: "AWS Key Management Service", why: "EBS encryption requests with the AWS managed key" },
    { service: "AWS CloudFormation", why: "the lab's stack (free for AWS resource types)" },
    { service: "AWS Systems Manager", why: "Session Manager to the bastion (free)" },
    { service: "Tax", why: "sales tax or VAT on the above" },
  ];
}

/** Services with a charge that the lab does not expect, largest first. */
export function unexpectedCharges(plan: Plan, byService: Readonly<Record<string, number>>): [string, number][] {
  const ok = new Set(expectedServices(plan).map((s) => s.service));
  return Object.entries(byService)
    .filter(([s, usd]) => !ok.has(s) && usd > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}
