import { readGroups, readProfiles, selectorKey } from "../../render/bastion/read.ts";
import { defineCheck, verdict } from "../check.ts";

export default defineCheck(import.meta.url, {
  test: "T04",
  title: "matchbox has exactly one group per node, selected by its own label, and nothing else",
  given: "a plan with nodes and the rendered matchbox groups",
  when: "the bundle is rendered",
  then:
    "each node has exactly one group whose selector is the node's ({node: name} on AWS, {mac} at home/local), " +
    "no two groups share a selector, no group lacks a selector (a default would boot strangers) and every group's profile exists",
  why: "Two groups for one node, or a shared selector, hand a node another node's machine config.",
  plan: ({ plan, artifacts }) => {
    const groups = readGroups(artifacts);
    const profiles = readProfiles(artifacts);
    const problems: string[] = [];
    const bySelector = new Map<string, string>();
    for (const { path, group } of groups) {
      const key = selectorKey(group.selector ?? {});
      if (key === "") problems.push(`${path} has no selector: it would match every machine`);
      const prev = bySelector.get(key);
      if (prev !== undefined) problems.push(`${path} and ${prev} share the selector ${key}`);
      bySelector.set(key, path);
      if (!profiles.has(group.profile)) problems.push(`${path} names profile ${group.profile}, which does not exist`);
    }
    for (const n of plan.nodes) {
      const key = selectorKey(n.selector);
      const mine = groups.filter((g) => selectorKey(g.group.selector ?? {}) === key);
      if (mine.length !== 1) problems.push(`${n.name} (${key}) has ${mine.length} groups`);
    }
    const nodeKeys = new Set(plan.nodes.map((n) => selectorKey(n.selector)));
    for (const { path, group } of groups)
      if (!nodeKeys.has(selectorKey(group.selector ?? {}))) problems.push(`${path} selects no node of the plan`);
    return verdict(
      problems,
      plan.nodes.map((n) => `${n.name}: one group, selector ${selectorKey(n.selector)}`),
    );
  },
});
