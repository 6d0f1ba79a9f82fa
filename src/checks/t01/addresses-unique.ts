import { defineCheck, verdict } from "../check.ts";

export default defineCheck(import.meta.url, {
  test: "T01",
  title: "Addresses, names, MACs and boot selectors are unique",
  given: "a plan with a bastion and nodes",
  when: "the plan is resolved",
  then: "no two hosts share an address or a name, no two nodes share a MAC or a matchbox selector",
  why: "Two hosts on one address break both; two nodes with one selector would boot each other's machine config.",
  plan: ({ plan }) => {
    const problems: string[] = [];
    const seen = (label: string, values: [string, string][]) => {
      const by = new Map<string, string>();
      for (const [owner, v] of values) {
        const prev = by.get(v);
        if (prev !== undefined) problems.push(`${label} ${v} is used by ${prev} and ${owner}`);
        else by.set(v, owner);
      }
    };
    seen("address", [
      [plan.bastion.name, plan.bastion.address],
      ...(plan.target === "aws" ? [] : ([["gateway", plan.network.gateway]] as [string, string][])),
      ...plan.nodes.map((n): [string, string] => [n.name, n.address]),
    ]);
    seen("name", [
      [plan.bastion.name, plan.bastion.name],
      ...plan.nodes.map((n): [string, string] => [n.name, n.name]),
    ]);
    seen(
      "MAC",
      plan.nodes.filter((n) => n.mac !== undefined).map((n): [string, string] => [n.name, n.mac as string]),
    );
    seen(
      "selector",
      plan.nodes.map((n): [string, string] => [
        n.name,
        Object.entries(n.selector)
          .map(([k, v]) => `${k}=${v}`)
          .sort()
          .join(","),
      ]),
    );
    return verdict(problems, [`${plan.nodes.length + 1} hosts, all addresses, names, MACs and selectors distinct`]);
  },
});
