// The emulator profile: every difference between the real template and the one rendered for moto, in one place.
// moto 5.2.x behaviour (read from its source and tried; ../shared/docs/FACTS.md "moto"): it skips some resource
// types, fails on intrinsics it cannot evaluate, and ignores some properties. The real template stays the reference;
// these parts are proven in plan mode instead, and the live checks that depend on them report not-applicable.

export interface EmulatorDifference {
  /** Stable key, referenced by the template's Metadata and by checks. */
  readonly key: string;
  /** What the emulator template does differently. */
  readonly change: string;
  /** Why (the emulator's limitation). */
  readonly because: string;
}

export const EMULATOR_NAME = "moto 5.2";

export const EMULATOR_DIFFERENCES: readonly EmulatorDifference[] = [
  {
    key: "no-ipv6",
    change:
      "no AWS::EC2::VPCCidrBlock, no subnet IPv6 /64, no ::/0 route, no IPv6 addresses on launch templates, " +
      "no IPv6 security group rules",
    because:
      "moto skips AWS::EC2::VPCCidrBlock, cannot evaluate Fn::Cidr (HTTP 500) or GetAtt Vpc.Ipv6CidrBlocks, and drops " +
      "DestinationIpv6CidrBlock on routes",
  },
  {
    key: "explicit-az",
    change: 'the subnet\'s availability zone is the stack region + "a" (Fn::Sub) instead of Fn::GetAZs',
    because: 'moto answers Fn::GetAZs "" with us-east-1a-d whatever the region',
  },
  {
    key: "no-budget",
    change: "no AWS::Budgets::Budget (the budget is created through the Budgets API instead)",
    because: "moto skips AWS::Budgets::Budget in templates",
  },
  {
    key: "no-egress-resources",
    change: "egress rules are only inline on the security groups, never AWS::EC2::SecurityGroupEgress",
    because: "moto skips AWS::EC2::SecurityGroupEgress",
  },
];

/** What moto ignores in a template that the stack cannot work around; live checks tolerate exactly these. */
export const EMULATOR_GAPS: readonly EmulatorDifference[] = [
  {
    key: "no-route-table-association",
    change: "the lab subnet shows no explicit route table association",
    because: "moto does not record AWS::EC2::SubnetRouteTableAssociation created by a template",
  },
  {
    key: "no-eni-source-dest-check",
    change: "the bastion ENI keeps its source/destination check (the NAT instance's forwarding is off)",
    because: "moto ignores SourceDestCheck on AWS::EC2::NetworkInterface in templates",
  },
  {
    key: "eni-groups-ignored",
    change: "the bastion ENI sits in the VPC's default security group instead of the bastion's",
    because: "moto reads SecurityGroups, not GroupSet, on AWS::EC2::NetworkInterface in templates",
  },
  {
    key: "no-eni-tags",
    change: "the bastion ENI and the route table carry no tags",
    because: "moto ignores Tags on AWS::EC2::NetworkInterface and AWS::EC2::RouteTable in templates",
  },
  {
    key: "launch-template-network-ignored",
    change: "instances run from a node launch template get a random address and a public IPv4",
    because: "moto's RunInstances ignores the launch template's network interfaces (subnet, address, public IP)",
  },
];

/** The profile's switches, read by the stack builder. */
export interface Profile {
  readonly emulator: boolean;
  readonly ipv6: boolean;
  readonly budget: boolean;
  readonly explicitAz: boolean;
}

export function profileFor(emulator: boolean, planIpv6: boolean): Profile {
  return { emulator, ipv6: planIpv6 && !emulator, budget: !emulator, explicitAz: emulator };
}

/** Template Metadata recording the profile, so that checks over an emulator template know what it lacks. */
export function profileMetadata(p: Profile): Record<string, unknown> {
  return p.emulator
    ? { profile: "emulator", emulator: EMULATOR_NAME, differences: EMULATOR_DIFFERENCES.map((d) => d.key) }
    : { profile: "aws" };
}
