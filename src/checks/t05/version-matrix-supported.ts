import { COMPONENTS, unsupportedPair } from "../../versions/matrix.ts";
import { defineCheck, fail, verdict } from "../check.ts";

export default defineCheck(import.meta.url, {
  test: "T05",
  title: "Talos and CozyStack versions are a supported pair from the pinned matrix",
  given: "a plan with Talos, CozyStack and component versions",
  when: "the plan is resolved",
  then: "the Talos minor line is one the CozyStack release supports, and every component version is pinned (no latest)",
  why: "CozyStack pins one Talos release; a mismatched pair or a floating tag makes the lab unreproducible.",
  plan: ({ plan }) => {
    const why = unsupportedPair(plan.talos.version, plan.cozystack.version);
    if (why) return fail(why);
    const problems: string[] = [];
    for (const [name, c] of Object.entries(COMPONENTS)) {
      const tag = "image" in c ? c.image.split(":").pop() : c.version;
      if (!tag || tag === "latest" || !/\d/.test(tag)) problems.push(`${name} is not pinned (${tag ?? "no tag"})`);
    }
    return verdict(problems, [
      `Talos ${plan.talos.version} (${plan.talos.minor}) with CozyStack ${plan.cozystack.version} (pins ${plan.cozystack.pinnedTalos})`,
      ...Object.entries(COMPONENTS).map(([n, c]) => `${n} ${"image" in c ? c.image : c.version}`),
    ]);
  },
});
