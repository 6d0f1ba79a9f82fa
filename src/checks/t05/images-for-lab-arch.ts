import { ArtifactTree } from "../../artifacts/tree.ts";
import { renderFamily } from "../../render/families.ts";
import { architectureReport, openGaps, substitutionFor } from "../../render/images/architecture.ts";
import { imageInventory } from "../../render/images/inventory.ts";
import { registryMirrors } from "../../render/talos/machine-config.ts";
import { defineCheck, notApplicable, verdict } from "../check.ts";
import { withPort } from "../need-port.ts";

export default defineCheck(import.meta.url, {
  test: "T05",
  title: "Every image of the lab has the lab's architecture, is substituted, or its gap is acknowledged by name",
  given:
    "the lab's image inventory (bastion services, Talos installers, GitOps objects and charts, the pinned CozyStack release's chart values)",
  when: "each image's index or manifest is read from its registry (live), or the substitutions are matched to the inventory (plan)",
  then: "each lists linux/<arch>, or its substitute does, or the spec acknowledges image.no-<arch>:<registry>/<repository>; plan: every substitution replaces an image the lab runs, and its upstream's mirror tries the lab registry first",
  why: "CozyStack is amd64-first: an image without the lab's architecture ends in exec format error or ImagePullBackOff after the lab has been paid for. Named gaps say exactly what the user accepts.",
  plan: ({ plan, artifacts }) => {
    const subs = plan.images.substitutions;
    // Platforms are only known from the registries: offline there is nothing to judge without substitutions.
    if (subs.length === 0)
      return notApplicable(
        "image platforms are read from their registries: run `moonlab images`, or `moonlab test --live --registries direct|bastion`",
      );
    const inventory = imageInventory(plan, artifacts);
    const problems: string[] = [];
    const ok: string[] = [];
    const mirrors = registryMirrors(plan);
    for (const s of subs) {
      if (!inventory.images.some((i) => substitutionFor(plan, i.image) === s))
        problems.push(
          `substitution ${s.image} replaces no image of the inventory (check the tag with \`moonlab images\`)`,
        );
      const first = mirrors.find((m) => m.name === s.registry)?.endpoints[0];
      if (first?.url !== `${plan.services.registry.url}/v2/${s.registry}` || first.overridePath !== true)
        problems.push(`the ${s.registry} mirror does not try the lab registry first (${first?.url ?? "no mirror"})`);
      else ok.push(`${s.image} -> ${s.delivered} (mirror ${s.registry}: ${first.url} first)`);
    }
    return verdict(problems, ok);
  },
  live: (t) =>
    withPort(t, "registry", async (registry) => {
      const tree = new ArtifactTree([...renderFamily("bastion", t.plan, {}), ...renderFamily("gitops", t.plan, {})]);
      const inventory = imageInventory(t.plan, tree);
      const report = await architectureReport(t.plan, inventory.images, registry, {
        substitutesFromLab: registry.throughLab === true,
      });
      const open = openGaps(report);
      const lines = open.map(
        (g) =>
          `${g.gapId}: ${g.component} ${g.image} [${g.platforms.join(" ") || g.error}] read at ${g.endpoint || "?"}`,
      );
      const acked = report.filter((r) => r.gapId !== undefined && r.acknowledged !== undefined);
      return verdict(lines, [
        `${report.length} images read; ${report.filter((r) => r.status === "has-arch").length} have linux/${t.plan.arch}, ${report.filter((r) => r.status === "substituted").length} substituted, ${acked.length} acknowledged gaps`,
        ...acked.map((a) => `${a.gapId} acknowledged: ${a.acknowledged}`),
      ]);
    }),
});
