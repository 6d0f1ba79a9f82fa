import { usd } from "../../cost-model/format.ts";
import { readCostJson } from "../../render/cost/read.ts";
import { defineCheck, notApplicable, verdict } from "../check.ts";

export default defineCheck(import.meta.url, {
  test: "T08",
  title: "The cost report is item by item and states its free-tier assumption",
  given: "a plan for AWS and its rendered cost.json",
  when: "the plan is rendered",
  then: "cost.json prices instance hours, EBS GB-months, data transfer (and public IPv4 hours when the bastion has one) per host, with a source for each price and the free-tier mode stated",
  why: "A total nobody can trace is how the original plan's estimates ranged from $0.08 to $20 a month.",
  plan: ({ plan, artifacts }) => {
    if (plan.target !== "aws") return notApplicable(`target ${plan.target}: nothing is billed by AWS`);
    const e = readCostJson(artifacts);
    if (!e) return verdict(["cost.json was not rendered"], []);
    const problems: string[] = [];
    const s = e.session.items;
    const has = (id: string) => s.some((i) => i.id === id);
    for (const host of [plan.bastion.name, ...plan.nodes.map((n) => n.name)]) {
      if (!has(`instance:${host}`)) problems.push(`no instance-hours item for ${host}`);
      if (!has(`ebs:${host}`)) problems.push(`no EBS item for ${host}`);
    }
    if (plan.bastion.publicIpv4 && !has(`ipv4:${plan.bastion.name}`))
      problems.push("the bastion has a public IPv4 but no public IPv4 item");
    if (!s.some((i) => i.category === "data-transfer")) problems.push("no data transfer item");
    for (const i of [...e.atRest.items, ...s])
      if (!i.source.startsWith("https://")) problems.push(`${i.id} has no source`);
    if (!e.freeTier?.mode || !e.freeTier.assumes) problems.push("the free-tier assumption is not stated");
    if (e.freeTier?.mode !== plan.cost.freeTier)
      problems.push(`free tier ${e.freeTier?.mode} in cost.json, ${plan.cost.freeTier} in the plan`);
    return verdict(problems, [
      `${s.length} session items, ${e.atRest.items.length} at-rest items, prices as of ${e.pricesAsOf} (${e.region})`,
      `free tier: ${e.freeTier.mode}: ${e.freeTier.assumes}`,
      `month of ${e.schedule.sessionsPerMonth.toFixed(2)} sessions: ${usd(e.month.totalUsd)} (list ${usd(e.month.listUsd)}); with a NAT gateway ${usd(e.comparisons.natGateway.monthUsd)}; on EKS ${usd(e.comparisons.eks.monthUsd)}`,
    ]);
  },
});
