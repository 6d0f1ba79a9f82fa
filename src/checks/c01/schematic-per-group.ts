import { createHash } from "node:crypto";
import { parse } from "yaml";
import { GROUPS } from "../../render/talos/index.ts";
import { readSchematics } from "../../render/talos/read.ts";
import { defineCheck, verdict } from "../check.ts";

export default defineCheck(import.meta.url, {
  test: "C01",
  title: "Each node group has an Image Factory schematic with the group's extensions",
  given: "a plan with gateway and compute groups and their system extensions",
  when: "the talos family renders talos/schematics/<group>.yaml and talos/schematics.json",
  then: "each group's schematic lists exactly the spec's extensions in order; tailscale is in the gateway's only; drbd, zfs and spin are in both",
  why: "The extensions are baked into the boot and install images; a missing drbd or zfs breaks CozyStack storage, tailscale on compute nodes kept the original lab's nodes from becoming Ready.",
  plan: ({ plan, artifacts }) => {
    const problems: string[] = [];
    const ok: string[] = [];
    const summary = readSchematics(artifacts);
    for (const group of GROUPS) {
      const path = `talos/schematics/${group}.yaml`;
      if (!artifacts.has(path)) {
        problems.push(`${path} was not rendered`);
        continue;
      }
      const text = artifacts.text(path);
      const exts =
        (parse(text) as { customization?: { systemExtensions?: { officialExtensions?: string[] } } })?.customization
          ?.systemExtensions?.officialExtensions ?? [];
      const want = plan.groups[group].extensions;
      if (JSON.stringify(exts) !== JSON.stringify(want))
        problems.push(`${path} lists [${exts.join(", ")}], the spec says [${want.join(", ")}]`);
      const s = summary[group];
      if (!s) problems.push(`talos/schematics.json has no ${group} entry`);
      else if (s.id !== createHash("sha256").update(text).digest("hex"))
        problems.push(`talos/schematics.json ${group} id ${s.id} is not the sha256 of ${path}`);
      for (const e of ["siderolabs/drbd", "siderolabs/zfs", "siderolabs/spin"])
        if (!exts.includes(e)) problems.push(`${group} schematic lacks ${e}`);
      const ts = exts.includes("siderolabs/tailscale");
      if (group === "compute" && ts) problems.push("compute schematic includes siderolabs/tailscale");
      if (group === "gateway" && !ts) problems.push("gateway schematic lacks siderolabs/tailscale");
      ok.push(`${group}: ${s?.id ?? "?"} [${exts.join(", ")}]`);
    }
    return verdict(problems, ok);
  },
});
