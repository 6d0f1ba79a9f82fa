import { at, readNodeConfigs, readSchematics } from "../../render/talos/read.ts";
import { defineCheck, verdict } from "../check.ts";

export default defineCheck(import.meta.url, {
  test: "C03",
  title: "Every node installs the pinned installer image of its group's schematic",
  given: "each node's rendered machine config and the group schematics",
  when: "machine.install.image is compared with the schematic's installer",
  then: "it equals factory.talos.dev/metal-installer/<group schematic id>:<pinned Talos version>, on the install disk of the plan",
  why: "Installing (or upgrading to) a plain image drops the extensions; a floating tag makes the lab unreproducible.",
  plan: ({ plan, artifacts }) => {
    const problems: string[] = [];
    const ok: string[] = [];
    const { configs, missing } = readNodeConfigs(plan, artifacts);
    for (const m of missing) problems.push(`no machine config rendered for ${m} (render with the lab's secrets)`);
    const summary = readSchematics(artifacts);
    for (const c of configs) {
      const want = summary[c.node.group]?.urls.installer;
      const image = at(c.main, "machine.install.image");
      const disk = at(c.main, "machine.install.disk");
      if (image !== want) problems.push(`${c.path}: install image ${String(image)}, expected ${want}`);
      if (typeof image === "string" && !image.endsWith(`:${plan.talos.version}`))
        problems.push(`${c.path}: install image is not pinned to ${plan.talos.version}`);
      if (disk !== c.node.installDisk)
        problems.push(`${c.path}: install disk ${String(disk)}, plan says ${c.node.installDisk}`);
      ok.push(`${c.node.name} (${c.node.group}): ${String(image)} on ${String(disk)}`);
    }
    return verdict(problems, ok);
  },
});
