import { GROUPS } from "../../render/talos/index.ts";
import { installedExtraKernelArgs } from "../../render/talos/kernel-args.ts";
import { readSchematics } from "../../render/talos/read.ts";
import { factoryUrls, marshalSchematic, schematicId } from "../../render/talos/schematic.ts";
import { defineCheck, verdict } from "../check.ts";

// The factory's own vector (siderolabs/image-factory): proves the marshalling rules, not just sha256.
const EMPTY_ID = "376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba";

export default defineCheck(import.meta.url, {
  test: "C02",
  title: "Schematic IDs are computed offline as the Image Factory does, and the asset URLs follow from them",
  given: "the rendered schematics and the plan's Talos version and architecture",
  when: "the IDs are recomputed from the schematic YAML",
  then: "each ID is sha256 of the Go-yaml marshalled schematic, and the kernel, initramfs, cmdline and installer URLs are those of the ID, the pinned Talos version and the plan's arch",
  why: "A wrong ID means the bastion serves, and nodes install, an image without the lab's extensions (or a 404).",
  plan: ({ plan, artifacts }) => {
    const problems: string[] = [];
    const ok: string[] = [];
    if (schematicId(marshalSchematic({})) !== EMPTY_ID)
      problems.push("the marshaller no longer reproduces the factory's empty-schematic ID");
    const summary = readSchematics(artifacts);
    for (const group of GROUPS) {
      const s = summary[group];
      if (!s) {
        problems.push(`talos/schematics.json has no ${group} entry`);
        continue;
      }
      const yaml = marshalSchematic({
        customization: {
          // AWS: the installed system's serial console (console=ttyS0) is part of the schematic.
          extraKernelArgs: installedExtraKernelArgs(plan),
          systemExtensions: { officialExtensions: plan.groups[group].extensions },
        },
      });
      const id = schematicId(yaml);
      if (s.id !== id) problems.push(`${group}: rendered id ${s.id}, recomputed ${id}`);
      if (s.talosVersion !== plan.talos.version)
        problems.push(`${group}: schematic URLs are for ${s.talosVersion}, the plan pins ${plan.talos.version}`);
      const want = factoryUrls(id, plan.talos.version, plan.arch);
      for (const k of ["kernel", "initramfs", "cmdline", "installer"] as const)
        if (s.urls[k] !== want[k]) problems.push(`${group}: ${k} URL ${s.urls[k]}, expected ${want[k]}`);
      ok.push(`${group}: ${id}`, `  kernel ${want.kernel}`, `  installer ${want.installer}`);
    }
    return verdict(problems, ok);
  },
});
