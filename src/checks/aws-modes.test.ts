// Every AWS check (T01, T02, T09) with a passing and a failing case in plan mode (over the rendered template,
// mutated) and in live mode (over a fake AwsPort describing a deployed lab, mutated).
import { beforeAll, describe, expect, it } from "vitest";
import { goodLiveLab } from "../../test/fakes/aws-live-lab.ts";
import { fixtureSecrets } from "../../test/fakes/secrets.ts";
import type { Artifact } from "../artifacts/artifact.ts";
import { ArtifactTree } from "../artifacts/tree.ts";
import { loadLab } from "../plan/load-lab.ts";
import type { Plan } from "../plan/types.ts";
import type { LiveLab } from "../ports/aws.ts";
import { renderAws, TEMPLATE_PATH } from "../render/aws/index.ts";
import { renderAll } from "../render/families.ts";
import type { Check } from "./check.ts";
import { loadCheck } from "./run-suite.ts";

/** A node instance with a public IPv4, as EC2 would describe it (a fresh object each time: cases mutate it). */
const nodeWithPublicIpv4 = () => ({
  id: "i-n",
  state: "running",
  privateIps: ["10.10.0.102"],
  publicIp: "198.51.100.1",
  lifecycle: "on-demand",
  tags: { "moonlab:role": "node" },
});

// biome-ignore lint/suspicious/noExplicitAny: test mutations reach deep into CloudFormation JSON
type Tpl = { Resources: Record<string, { Type: string; Properties: Record<string, any> }> };
type Mutable<T> = { -readonly [K in keyof T]: Mutable<T[K]> };

let plan: Plan;
let base: string;
/** The other families' files (bastion bundle, machine configs): t01/node-egress-paths reads the IPv4 NAT path there. */
let others: Artifact[];
beforeAll(async () => {
  plan = loadLab(undefined).plan;
  base = (renderAws(plan, {}, {}).find((a) => a.path === TEMPLATE_PATH) as Artifact).content as string;
  others = renderAll(plan, await fixtureSecrets(), {}).filter((a) => a.path !== TEMPLATE_PATH);
});

function planRun(check: Check, mutate?: (t: Tpl) => void) {
  const t = JSON.parse(base) as Tpl;
  mutate?.(t);
  const tree = new ArtifactTree([...others, { path: TEMPLATE_PATH, content: JSON.stringify(t) }]);
  return (check.plan as NonNullable<Check["plan"]>)({ plan, artifacts: tree });
}

async function liveRun(check: Check, mutate?: (l: Mutable<LiveLab>) => void) {
  const lab = goodLiveLab() as Mutable<LiveLab>;
  mutate?.(lab);
  const aws = {
    describeLab: async () => lab as LiveLab,
    monthToDateCost: async () => ({ totalUsd: 0, byService: {} }),
  };
  return (check.live as NonNullable<Check["live"]>)({ plan, ports: { aws } });
}

// biome-ignore lint/suspicious/noExplicitAny: as above
const bastionSg = (t: Tpl) => t.Resources.BastionSecurityGroup?.Properties as Record<string, any>;

const CASES: {
  id: string;
  planFail?: (t: Tpl) => void;
  liveFail: (l: Mutable<LiveLab>) => void;
}[] = [
  {
    id: "t01/vpc-cidr-and-ipv6",
    planFail: (t) => delete t.Resources.VpcIpv6Block,
    liveFail: (l) => {
      (l.vpcs[0] as Mutable<LiveLab["vpcs"][number]>).ipv6Cidrs = [];
    },
  },
  {
    id: "t01/one-public-subnet",
    planFail: (t) => {
      (t.Resources.LabSubnet as Tpl["Resources"][string]).Properties.MapPublicIpOnLaunch = true;
    },
    liveFail: (l) => {
      l.subnets.push({
        ...(l.subnets[0] as Mutable<LiveLab["subnets"][number]>),
        id: "subnet-2",
        cidr: "10.10.1.0/24",
      });
    },
  },
  {
    id: "t01/igw-default-routes",
    planFail: (t) => delete t.Resources.DefaultRouteV6,
    liveFail: (l) => {
      (l.routeTables[1] as Mutable<LiveLab["routeTables"][number]>).routes.splice(1, 1);
    },
  },
  {
    id: "t01/no-nat-gateway",
    planFail: (t) => {
      t.Resources.Nat = { Type: "AWS::EC2::NatGateway", Properties: { SubnetId: { Ref: "LabSubnet" } } };
    },
    liveFail: (l) => {
      l.natGateways.push({ id: "nat-1" });
    },
  },
  {
    id: "t01/routes-local-or-igw",
    planFail: (t) => {
      t.Resources.R = {
        Type: "AWS::EC2::Route",
        Properties: {
          RouteTableId: { Ref: "LabRouteTable" },
          DestinationCidrBlock: "10.0.0.0/8",
          NatGatewayId: "nat-1",
        },
      };
    },
    liveFail: (l) => {
      (l.routeTables[1] as Mutable<LiveLab["routeTables"][number]>).routes.push({
        destination: "0.0.0.0/1",
        target: "nat:nat-1",
      });
    },
  },
  {
    id: "t01/node-egress-paths",
    planFail: (t) => {
      const sg = (t.Resources.NodeSecurityGroup as Tpl["Resources"][string]).Properties;
      sg.SecurityGroupEgress = sg.SecurityGroupEgress.filter((r: { CidrIpv6?: string }) => r.CidrIpv6 !== "::/0");
    },
    liveFail: (l) => {
      delete (l.launchTemplates[2] as Mutable<LiveLab["launchTemplates"][number]>).ipv6AddressCount;
    },
  },
  {
    id: "t02/bastion-static-eni",
    planFail: (t) => {
      (t.Resources.BastionEni as Tpl["Resources"][string]).Properties.PrivateIpAddress = "10.10.0.99";
    },
    liveFail: (l) => {
      l.instances.push({
        id: "i-b",
        state: "running",
        privateIps: ["10.10.0.7"],
        lifecycle: "on-demand",
        tags: { "moonlab:role": "bastion" },
      });
    },
  },
  {
    id: "t02/bastion-asg-bounds",
    planFail: (t) => {
      (t.Resources.BastionGroup as Tpl["Resources"][string]).Properties.MaxSize = "2";
    },
    liveFail: (l) => {
      (l.autoScalingGroups[0] as Mutable<LiveLab["autoScalingGroups"][number]>).min = 1;
    },
  },
  {
    id: "t02/bastion-schedule",
    planFail: (t) => {
      delete (t.Resources.BastionWake as Tpl["Resources"][string]).Properties.TimeZone;
    },
    liveFail: (l) => {
      (l.autoScalingGroups[0] as Mutable<LiveLab["autoScalingGroups"][number]>).scheduledActions.pop();
    },
  },
  {
    id: "t02/launch-templates-hardened",
    planFail: (t) => {
      (
        t.Resources.BastionLaunchTemplate as Tpl["Resources"][string]
      ).Properties.LaunchTemplateData.MetadataOptions.HttpTokens = "optional";
    },
    liveFail: (l) => {
      (
        (l.launchTemplates[1] as Mutable<LiveLab["launchTemplates"][number]>).volumes[0] as { encrypted: boolean }
      ).encrypted = false;
    },
  },
  {
    id: "t09/no-open-ingress",
    planFail: (t) => {
      bastionSg(t).SecurityGroupIngress.push({ IpProtocol: "tcp", FromPort: 443, ToPort: 443, CidrIpv6: "::/0" });
    },
    liveFail: (l) => {
      (l.securityGroups[2] as Mutable<LiveLab["securityGroups"][number]>).ingress.push({
        protocol: "tcp",
        fromPort: 80,
        toPort: 80,
        source: "0.0.0.0/0",
      });
    },
  },
  {
    id: "t09/ssh-only-from-operator",
    planFail: (t) => {
      (t.Resources.NodeSecurityGroup as Tpl["Resources"][string]).Properties.SecurityGroupIngress.push({
        IpProtocol: "tcp",
        FromPort: 22,
        ToPort: 22,
        CidrIp: "198.51.100.7/32",
      });
    },
    liveFail: (l) => {
      (l.securityGroups[1] as Mutable<LiveLab["securityGroups"][number]>).ingress.push({
        protocol: "tcp",
        fromPort: 22,
        toPort: 22,
        source: "203.0.113.9/32",
      });
    },
  },
  {
    id: "t09/nodes-no-public-ipv4",
    planFail: (t) => {
      (
        t.Resources.NodeLaunchTemplateMoonCompute1 as Tpl["Resources"][string]
      ).Properties.LaunchTemplateData.NetworkInterfaces[0].AssociatePublicIpAddress = true;
    },
    liveFail: (l) => {
      l.instances.push(nodeWithPublicIpv4());
    },
  },
  {
    id: "t09/services-only-from-lab-subnet",
    planFail: (t) => {
      bastionSg(t).SecurityGroupIngress.push({ IpProtocol: "tcp", FromPort: 5050, ToPort: 5050, CidrIp: "10.0.0.0/8" });
    },
    liveFail: (l) => {
      (l.securityGroups[2] as Mutable<LiveLab["securityGroups"][number]>).ingress.push({
        protocol: "tcp",
        fromPort: 6000,
        toPort: 7000,
        source: "192.0.2.0/24",
      });
    },
  },
  {
    id: "t09/default-sg-no-rules",
    liveFail: (l) => {
      (l.securityGroups[0] as Mutable<LiveLab["securityGroups"][number]>).egress.push({
        protocol: "-1",
        source: "0.0.0.0/0",
      });
    },
  },
];

describe.each(CASES)("$id", ({ id, planFail, liveFail }) => {
  it("plan mode: passes on the rendered moon template, fails when the template is changed", async () => {
    const check = loadCheck(id);
    const ok = planRun(check);
    if (!planFail) {
      expect(ok.status).toBe("not-applicable");
      return;
    }
    expect(ok.status, ok.evidence.join("; ")).toBe("pass");
    const bad = planRun(check, planFail);
    expect(bad.status, bad.evidence.join("; ")).toBe("fail");
  });
  it("live mode: passes on a fake deployed lab, fails when the lab is changed", async () => {
    const check = loadCheck(id);
    const ok = await liveRun(check);
    expect(ok.status, ok.evidence.join("; ")).toBe("pass");
    const bad = await liveRun(check, liveFail);
    expect(bad.status, bad.evidence.join("; ")).toBe("fail");
  });
});

it("live mode without AWS access is not-applicable with how to get it", async () => {
  const check = loadCheck("t09/no-open-ingress");
  const o = await (check.live as NonNullable<Check["live"]>)({ plan, ports: {} });
  expect(o.status).toBe("not-applicable");
  expect(o.reason).toMatch(/AWS credentials|endpoint-url/);
});

describe("t09/nodes-no-public-ipv4 on an emulator that ignores launch-template networking", () => {
  it("is not-applicable with the reason, never pass, when moto shows node public IPv4s it cannot model", async () => {
    const check = await loadCheck("t09/nodes-no-public-ipv4");
    const o = await liveRun(check, (l) => {
      l.emulator = { name: "moto", differences: ["launch-template-network-ignored"] };
      l.instances.push(nodeWithPublicIpv4());
    });
    expect(o.status).toBe("not-applicable");
    expect(o.evidence.join("\n")).toMatch(/moto.*ignores launch template network interfaces/);
  });

  it("still fails on the emulator when a launch template asks for a public IPv4", async () => {
    const check = await loadCheck("t09/nodes-no-public-ipv4");
    const o = await liveRun(check, (l) => {
      l.emulator = { name: "moto", differences: ["launch-template-network-ignored"] };
      const t = l.launchTemplates.find((x) => x.tags["moonlab:role"] === "node") as Mutable<
        LiveLab["launchTemplates"][number]
      >;
      t.associatePublicIp = true;
    });
    expect(o.status).toBe("fail");
  });
});
