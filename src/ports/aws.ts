// AwsPort: read-only facts about the lab's AWS account in the shapes the checks need (the real adapter reads them
// with AWS SDK v3 in src/adapters/aws/). The lifecycle (up/sleep/wake/down) writes through its own AWS clients;
// checks only read.
export interface AwsInfraPort {
  /** The lab's CloudFormation stack resources and EC2 facts, as a flat description the checks read. */
  describeLab(lab: string): Promise<LiveLab>;
}

export interface AwsBillingPort {
  /** Month-to-date unblended cost in USD, per service, from Cost Explorer. */
  monthToDateCost(): Promise<{ readonly totalUsd: number; readonly byService: Readonly<Record<string, number>> }>;
  /** The AWS Budgets budget of that name in the lab's account, or undefined when there is none. Optional: a
   * port without it makes the live budget check not applicable. */
  budget?(name: string, lab: string): Promise<LiveBudget | undefined>;
}

/** What the Budgets API says about one budget. */
export interface LiveBudget {
  readonly name: string;
  readonly limitUsd: number;
  readonly timeUnit: string;
  readonly budgetType: string;
  /** Sorted by type then threshold. */
  readonly notifications: readonly { readonly type: string; readonly thresholdPercent: number }[];
}

export type AwsPort = AwsInfraPort & AwsBillingPort;

/** One security group rule; `source` is a CIDR, `sg:<group id>` or `pl:<prefix list id>`. */
export interface LiveRule {
  /** "tcp", "udp", "icmp" or "-1" (all). */
  readonly protocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly source: string;
  readonly description?: string;
}

export interface LiveVolume {
  readonly device: string;
  readonly encrypted: boolean;
  readonly type?: string;
  readonly sizeGb?: number;
}

/**
 * What the AWS checks look at. The same shape is read from the synthesized template in plan mode (ids are then
 * logical ids) and from the AWS API in live mode (ids are physical ids), so one judgement serves both.
 */
export interface LiveLab {
  readonly region: string;
  /** Where the facts come from. */
  readonly source: "template" | "api";
  /** Set when the facts come from an emulator or a template rendered for one: what it cannot model. */
  readonly emulator?: { readonly name: string; readonly differences: readonly string[] };
  readonly vpcs: readonly {
    readonly id: string;
    readonly cidr: string;
    readonly ipv6Cidrs: readonly string[];
    readonly tags: Readonly<Record<string, string>>;
  }[];
  readonly subnets: readonly {
    readonly id: string;
    readonly vpcId: string;
    readonly cidr: string;
    readonly ipv6Cidrs: readonly string[];
    readonly mapPublicIpOnLaunch: boolean;
    readonly tags: Readonly<Record<string, string>>;
  }[];
  readonly natGateways: readonly { readonly id: string; readonly vpcId?: string }[];
  readonly internetGateways: readonly { readonly id: string; readonly vpcIds: readonly string[] }[];
  readonly routeTables: readonly {
    readonly id: string;
    readonly vpcId: string;
    readonly subnetIds: readonly string[];
    /** target: "local", an internet gateway id, or `<kind>:<id>` for anything else (nat, eni, instance, ...). */
    readonly routes: readonly { readonly destination: string; readonly target: string }[];
  }[];
  readonly securityGroups: readonly {
    readonly id: string;
    readonly name: string;
    readonly vpcId: string;
    /** The VPC's default group (created by EC2, not by the stack). */
    readonly isDefault: boolean;
    readonly tags: Readonly<Record<string, string>>;
    readonly ingress: readonly LiveRule[];
    readonly egress: readonly LiveRule[];
  }[];
  readonly instances: readonly {
    readonly id: string;
    readonly name?: string;
    readonly state: string;
    readonly privateIps: readonly string[];
    readonly publicIp?: string;
    /** "spot" or "on-demand". */
    readonly lifecycle: string;
    readonly tags: Readonly<Record<string, string>>;
  }[];
  readonly networkInterfaces: readonly {
    readonly id: string;
    readonly subnetId: string;
    readonly privateIp: string;
    readonly attachedTo?: string;
    /** EC2's source/destination check (true unless turned off; off on a NAT instance's forwarding ENI). */
    readonly sourceDestCheck?: boolean;
    /** Security group ids attached to the interface (template: logical ids). */
    readonly securityGroups?: readonly string[];
    readonly tags: Readonly<Record<string, string>>;
  }[];
  readonly autoScalingGroups: readonly {
    readonly name: string;
    readonly min: number;
    readonly max: number;
    /** undefined in a template that leaves it to the schedule. */
    readonly desired?: number;
    readonly launchTemplate?: string;
    readonly tags: Readonly<Record<string, string>>;
    readonly scheduledActions: readonly {
      readonly name: string;
      readonly recurrence?: string;
      readonly timeZone?: string;
      readonly desired?: number;
      readonly min?: number;
      readonly max?: number;
    }[];
  }[];
  readonly launchTemplates: readonly {
    readonly id: string;
    readonly name: string;
    readonly instanceType?: string;
    /** IMDS HttpTokens: "required" means IMDSv2 only. */
    readonly httpTokens?: string;
    readonly volumes: readonly LiveVolume[];
    /** AssociatePublicIpAddress of the first network interface. */
    readonly associatePublicIp?: boolean;
    readonly privateIp?: string;
    /** IPv6 addresses the first network interface asks for. */
    readonly ipv6AddressCount?: number;
    readonly marketType?: string;
    readonly tags: Readonly<Record<string, string>>;
  }[];
}
