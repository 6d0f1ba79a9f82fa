import { awsModes, emulatorLacks, labVpc, seenIn } from "../aws-modes.ts";
import { defineCheck, fail, verdict } from "../check.ts";

export default defineCheck(import.meta.url, {
  test: "T01",
  title: "An internet gateway with IPv4 and IPv6 default routes from the lab subnet",
  given: "a spec with target aws",
  when: "the AWS stack is rendered or deployed",
  then: "an internet gateway is attached to the lab VPC and the lab subnet's route table sends 0.0.0.0/0 and ::/0 to it",
  why: "The bastion reaches upstream registries over IPv4 and the nodes reach the internet over IPv6, without NAT.",
  ...awsModes((plan, lab) => {
    const vpc = labVpc(plan, lab);
    if (!vpc) return fail(`no VPC in ${seenIn(lab)}`);
    const igws = lab.internetGateways.filter((g) => g.vpcIds.includes(vpc.id)).map((g) => g.id);
    if (igws.length === 0) return fail(`no internet gateway attached to ${vpc.id} (${seenIn(lab)})`);
    const subnet = lab.subnets.find((s) => s.vpcId === vpc.id && s.cidr === plan.network.subnet);
    if (!subnet) return fail(`no lab subnet ${plan.network.subnet} in ${vpc.id}`);
    let rt = lab.routeTables.find((r) => r.subnetIds.includes(subnet.id));
    const gap = !rt && emulatorLacks(lab, "no-route-table-association");
    // moto does not record the association a template makes: judge the VPC's table that routes to the gateway.
    if (gap) rt = lab.routeTables.find((r) => r.vpcId === vpc.id && r.routes.some((x) => igws.includes(x.target)));
    if (!rt) return fail(`subnet ${subnet.id} has no explicit route table`);
    const to = (dest: string) => rt.routes.find((r) => r.destination === dest && igws.includes(r.target));
    const problems: string[] = [];
    const ok = [`route table ${rt.id} of subnet ${subnet.id} (${seenIn(lab)})`];
    if (gap) ok.push("association not recorded by the emulator (moto): proven in plan mode");
    if (to("0.0.0.0/0")) ok.push(`0.0.0.0/0 -> ${to("0.0.0.0/0")?.target}`);
    else problems.push(`route table ${rt.id} has no 0.0.0.0/0 route to an internet gateway`);
    if (plan.network.ipv6) {
      if (to("::/0")) ok.push(`::/0 -> ${to("::/0")?.target}`);
      else if (emulatorLacks(lab, "no-ipv6"))
        ok.push("::/0 not modelled by the emulator (moto drops IPv6 routes): proven in plan mode");
      else problems.push(`route table ${rt.id} has no ::/0 route to an internet gateway`);
    }
    return verdict(problems, ok);
  }),
});
