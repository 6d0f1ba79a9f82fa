// A deployed "moon" lab as the AWS API would describe it: the passing baseline for live-mode check tests.
import type { LiveLab } from "../../src/ports/aws.ts";

const lab = { "moonlab:lab": "moon" };
const sub = "10.10.0.0/24";
const rule = (protocol: string, port: number, source = sub) => ({ protocol, fromPort: port, toPort: port, source });
const lt = (id: string, name: string, role: string, publicIp: boolean, type: string) => ({
  id,
  name,
  instanceType: type,
  httpTokens: "required",
  volumes: [{ device: "/dev/xvda", encrypted: true, type: "gp3", sizeGb: 30 }],
  associatePublicIp: publicIp,
  ipv6AddressCount: 1,
  tags: { ...lab, "moonlab:role": role },
});

export function goodLiveLab(): LiveLab {
  return {
    region: "eu-west-1",
    source: "api",
    vpcs: [{ id: "vpc-1", cidr: "10.10.0.0/16", ipv6Cidrs: ["2a05:d018::/56"], tags: lab }],
    subnets: [
      {
        id: "subnet-1",
        vpcId: "vpc-1",
        cidr: sub,
        ipv6Cidrs: ["2a05:d018::/64"],
        mapPublicIpOnLaunch: false,
        tags: lab,
      },
    ],
    natGateways: [],
    internetGateways: [{ id: "igw-1", vpcIds: ["vpc-1"] }],
    routeTables: [
      { id: "rtb-main", vpcId: "vpc-1", subnetIds: [], routes: [{ destination: "10.10.0.0/16", target: "local" }] },
      {
        id: "rtb-1",
        vpcId: "vpc-1",
        subnetIds: ["subnet-1"],
        routes: [
          { destination: "10.10.0.0/16", target: "local" },
          { destination: "0.0.0.0/0", target: "igw-1" },
          { destination: "::/0", target: "igw-1" },
        ],
      },
    ],
    securityGroups: [
      { id: "sg-default", name: "default", vpcId: "vpc-1", isDefault: true, tags: {}, ingress: [], egress: [] },
      {
        id: "sg-bastion",
        name: "bastion",
        vpcId: "vpc-1",
        isDefault: false,
        tags: { ...lab, "moonlab:role": "bastion" },
        ingress: [
          rule("tcp", 8080),
          rule("tcp", 53),
          rule("udp", 53),
          rule("tcp", 5000),
          ...[5050, 5051, 5052, 5053, 5054, 5055].map((p) => rule("tcp", p)),
          // NAT instance (bastion.nat): the nodes' forwarded HTTP/HTTPS, from the node group
          ...[80, 443].map((p) => ({ protocol: "tcp", fromPort: p, toPort: p, source: "sg:sg-node" })),
        ],
        egress: [{ protocol: "-1", source: "0.0.0.0/0" }],
      },
      {
        id: "sg-node",
        name: "node",
        vpcId: "vpc-1",
        isDefault: false,
        tags: { ...lab, "moonlab:role": "node" },
        ingress: [rule("tcp", 50000), rule("tcp", 6443), { protocol: "-1", source: "sg:sg-node" }],
        egress: [
          { protocol: "-1", source: "0.0.0.0/0" },
          { protocol: "-1", source: "::/0" },
        ],
      },
    ],
    instances: [],
    networkInterfaces: [
      {
        id: "eni-1",
        subnetId: "subnet-1",
        privateIp: "10.10.0.100",
        sourceDestCheck: false, // the nodes' NAT instance (bastion.nat)
        securityGroups: ["sg-bastion"],
        tags: { ...lab, "moonlab:role": "bastion-eni" },
      },
    ],
    autoScalingGroups: [
      {
        name: "moon-bastion-asg",
        min: 0,
        max: 1,
        desired: 0,
        launchTemplate: "lt-b",
        tags: { ...lab, "moonlab:role": "bastion" },
        scheduledActions: [
          { name: "wake", recurrence: "0 18 * * *", timeZone: "Europe/Dublin", desired: 1 },
          { name: "sleep", recurrence: "0 23 * * *", timeZone: "Europe/Dublin", desired: 0 },
        ],
      },
    ],
    launchTemplates: [
      lt("lt-b", "moonlab-moon-bastion", "bastion", true, "t4g.small"),
      lt("lt-1", "moonlab-moon-moon-gateway-1", "node", false, "t4g.xlarge"),
      lt("lt-2", "moonlab-moon-moon-compute-1", "node", false, "t4g.xlarge"),
      lt("lt-3", "moonlab-moon-moon-compute-2", "node", false, "t4g.xlarge"),
    ],
  };
}
