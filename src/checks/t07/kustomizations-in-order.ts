import { at } from "../../lib/at.ts";
import { healthChecks } from "../../render/gitops/flux.ts";
import { gitopsLayout, STAGES, type Stage } from "../../render/gitops/layout.ts";
import { findRendered } from "../../render/gitops/read.ts";
import { defineCheck, verdict } from "../check.ts";

/** Each stage waits for these (infrastructure -> apps, and on to the guest cluster). */
export const ORDER: Readonly<Record<Stage, readonly Stage[]>> = {
  crds: [],
  infrastructure: ["crds"],
  apps: ["infrastructure"],
  tenants: ["infrastructure"],
  guest: ["tenants"],
  harvey: ["guest"],
};

export default defineCheck(import.meta.url, {
  test: "T07",
  title: "Flux Kustomizations apply in dependency order, each with health checks",
  given: "a rendered gitops tree",
  when: "its Flux Kustomizations are read",
  then: "every stage (crds, infrastructure, apps, tenants, guest, harvey) exists, depends on the stage before it, declares health checks, and points at a directory of the tree that has a kustomization.yaml",
  why: "Applying the SpinApp before its CRD and operator exist fails the whole sync; health checks make each stage wait for the previous one to work, not only to be applied.",
  plan: ({ plan, artifacts }) => {
    const l = gitopsLayout(plan);
    const problems: string[] = [];
    const ok: string[] = [];
    for (const stage of STAGES) {
      const name = l.kustomization[stage];
      const k = findRendered(artifacts, "Kustomization", name, l.sourceNamespace);
      if (!k) {
        problems.push(`Kustomization ${l.sourceNamespace}/${name} (${stage}) is not rendered`);
        continue;
      }
      const deps = ((at(k, "spec.dependsOn") as { name: string }[] | undefined) ?? []).map((d) => d.name).sort();
      const want = ORDER[stage].map((s) => l.kustomization[s]).sort();
      if (JSON.stringify(deps) !== JSON.stringify(want))
        problems.push(`${name} depends on [${deps.join(", ")}], expected [${want.join(", ")}]`);
      const checks = (at(k, "spec.healthChecks") as unknown[] | undefined) ?? [];
      if (checks.length === 0 && at(k, "spec.wait") !== true) problems.push(`${name} has no health checks`);
      if (checks.length !== healthChecks(plan, stage).length)
        problems.push(`${name} does not check what its stage must make healthy`);
      const path = String(at(k, "spec.path") ?? "");
      if (at(k, "spec.sourceRef.name") === l.sourceName) {
        const dir = path.replace(/^\.\//, "").slice(l.repoPath.length + 1);
        if (!path.startsWith(`./${l.repoPath}/`) || !artifacts.has(`gitops/${dir}/kustomization.yaml`))
          problems.push(`${name} path ${path} is not a directory of this tree with a kustomization.yaml`);
      }
      ok.push(`${name}: after [${deps.join(", ")}], ${checks.length} health checks, ${path}`);
    }
    return verdict(problems, ok);
  },
});
