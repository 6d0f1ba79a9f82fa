// AwsPort: read-only facts from the AWS API (AWS SDK v3), in the shapes the checks need. The lifecycle code
// (up/sleep/wake/down) has its own writer interface; checks only read.
export interface AwsInfraPort {
  /** The lab's CloudFormation stack resources and EC2 facts, as a flat description the checks read. */
  describeLab(lab: string): Promise<LiveLab>;
}

export interface AwsBillingPort {
  /** Month-to-date unblended cost in USD, per service, from Cost Explorer. */
  monthToDateCost(): Promise<{ readonly totalUsd: number; readonly byService: Readonly<Record<string, number>> }>;
}

export type AwsPort = AwsInfraPort & AwsBillingPort;

/** What the live AWS checks look at. Fields are filled by the real adapter (and fakes) as the AWS issue defines them. */
export interface LiveLab {
  readonly region: string;
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
  }[];
  readonly natGateways: readonly { readonly id: string }[];
  readonly internetGateways: readonly { readonly id: string; readonly vpcIds: readonly string[] }[];
  readonly routeTables: readonly {
    readonly id: string;
    readonly routes: readonly { readonly destination: string; readonly target: string }[];
  }[];
  readonly securityGroups: readonly {
    readonly id: string;
    readonly name: string;
    readonly ingress: readonly {
      readonly protocol: string;
      readonly fromPort?: number;
      readonly toPort?: number;
      readonly source: string;
    }[];
  }[];
  readonly instances: readonly {
    readonly id: string;
    readonly name?: string;
    readonly state: string;
    readonly privateIps: readonly string[];
    readonly publicIp?: string;
  }[];
  readonly networkInterfaces: readonly {
    readonly id: string;
    readonly privateIp: string;
    readonly attachedTo?: string;
  }[];
  readonly autoScalingGroups: readonly {
    readonly name: string;
    readonly min: number;
    readonly max: number;
    readonly desired: number;
    readonly scheduledActions: readonly {
      readonly name: string;
      readonly recurrence?: string;
      readonly timeZone?: string;
      readonly desired?: number;
    }[];
  }[];
}
