import { awsModes, emulatorLacks, labVpc, seenIn } from "../aws-modes.ts";
import { defineCheck, fail, verdict } from "../check.ts";

export default defineCheck(import.meta.url, {
  test: "T01",
  title: "One public dual-stack lab subnet that never maps public IPv4 addresses",
  given: "a spec with target aws",
  when: "the AWS stack is rendered or deployed",
  then: "the lab VPC has exactly one subnet, with the spec's subnet CIDR, an IPv6 /64 and MapPublicIpOnLaunch false",
  why:
    "The design is one public dual-stack subnet with no NAT (a NAT gateway costs ~$35/month); MapPublicIpOnLaunch " +
    "false keeps public IPv4 (and its $0.005/h) off everything that does not ask for it.",
  ...awsModes((plan, lab) => {
    const vpc = labVpc(plan, lab);
    if (!vpc) return fail(`no VPC in ${seenIn(lab)}`);
    const subnets = lab.subnets.filter((s) => s.vpcId === vpc.id);
    if (subnets.length !== 1)
      return fail(
        `${subnets.length} subnets in VPC ${vpc.id} (${subnets.map((s) => s.cidr).join(", ")}), expected one`,
      );
    const s = subnets[0] as (typeof subnets)[number];
    const problems: string[] = [];
    const ok = [
      `subnet ${s.id} ${s.cidr} in ${vpc.id} (${seenIn(lab)})`,
      `MapPublicIpOnLaunch ${s.mapPublicIpOnLaunch}`,
    ];
    if (s.cidr !== plan.network.subnet)
      problems.push(`subnet ${s.id} is ${s.cidr}, the spec says ${plan.network.subnet}`);
    if (s.mapPublicIpOnLaunch) problems.push(`subnet ${s.id} has MapPublicIpOnLaunch true`);
    if (plan.network.ipv6) {
      if (s.ipv6Cidrs.length > 0) ok.push(`IPv6 ${s.ipv6Cidrs.join(", ")}`);
      else if (emulatorLacks(lab, "no-ipv6"))
        ok.push("IPv6 /64 not modelled by the emulator (moto): proven in plan mode");
      else problems.push(`subnet ${s.id} has no IPv6 block (network.ipv6 is true)`);
    }
    return verdict(problems, ok);
  }),
});
