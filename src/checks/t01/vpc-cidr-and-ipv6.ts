import { awsModes, emulatorLacks, seenIn } from "../aws-modes.ts";
import { defineCheck, fail, notApplicable, pass } from "../check.ts";

export default defineCheck(import.meta.url, {
  test: "T01",
  title: "One VPC with the spec's IPv4 CIDR and an Amazon IPv6 block",
  given: "a spec with target aws",
  when: "the AWS stack is rendered or deployed",
  then: "exactly one lab VPC exists, with the spec's CIDR and (when network.ipv6) an Amazon-provided IPv6 block",
  why:
    "Nodes have no public IPv4: IPv6 is their direct path out; the original plan mixed three networks, so the CIDR is " +
    "pinned to the spec.",
  ...awsModes((plan, lab) => {
    if (lab.vpcs.length !== 1) return fail(`${lab.vpcs.length} VPCs found in ${seenIn(lab)}, expected exactly one`);
    const vpc = lab.vpcs[0] as (typeof lab.vpcs)[number];
    if (vpc.cidr !== plan.network.cidr)
      return fail(`VPC ${vpc.id} has ${vpc.cidr}, the spec says ${plan.network.cidr}`);
    const v4 = `VPC ${vpc.id} ${vpc.cidr} (${seenIn(lab)})`;
    if (!plan.network.ipv6) return pass(v4, "network.ipv6 is false: no IPv6 block asked for");
    if (vpc.ipv6Cidrs.length > 0) return pass(v4, `IPv6 ${vpc.ipv6Cidrs.join(", ")}`);
    if (emulatorLacks(lab, "no-ipv6"))
      return notApplicable(
        "the emulator (moto) does not create AWS::EC2::VPCCidrBlock; the IPv6 block is proven in plan mode",
        v4,
      );
    return fail(v4, "no IPv6 block on the VPC");
  }),
});
