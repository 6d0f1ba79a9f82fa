import { at } from "../../lib/at.ts";
import { readSchematics } from "../../render/talos/read.ts";
import { defineCheck } from "../check.ts";
import { judgeEachNodeConfig } from "../node-configs.ts";

export default defineCheck(import.meta.url, {
  test: "C03",
  title: "Every node installs the pinned installer image of its group's schematic",
  given: "each node's rendered machine config and the group schematics",
  when: "machine.install.image is compared with the schematic's installer",
  then: "it equals factory.talos.dev/metal-installer/<group schematic id>:<pinned Talos version>, on the install disk of the plan",
  why: "Installing (or upgrading to) a plain image drops the extensions; a floating tag makes the lab unreproducible.",
  plan: ({ plan, artifacts }) => {
    const summary = readSchematics(artifacts);
    return judgeEachNodeConfig(plan, artifacts, (c, p) => {
      const want = summary[c.node.group]?.urls.installer;
      const image = at(c.main, "machine.install.image");
      const disk = at(c.main, "machine.install.disk");
      if (image !== want) p(`install image ${String(image)}, expected ${want}`);
      if (typeof image === "string" && !image.endsWith(`:${plan.talos.version}`))
        p(`install image is not pinned to ${plan.talos.version}`);
      if (disk !== c.node.installDisk) p(`install disk ${String(disk)}, plan says ${c.node.installDisk}`);
      return `${c.node.name} (${c.node.group}): ${String(image)} on ${String(disk)}`;
    });
  },
});
