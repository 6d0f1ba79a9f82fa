import { TREE } from "../../render/bastion/layout.ts";
import { assetsTable, readProfiles } from "../../render/bastion/read.ts";
import { schematicFor } from "../../render/talos/schematic.ts";
import { defineCheck, verdict } from "../check.ts";

const FACTORY = "https://factory.talos.dev";

export default defineCheck(import.meta.url, {
  test: "T04",
  title: "The bastion downloads and verifies every boot asset a profile uses",
  given: "the rendered matchbox profiles and the bastion's fetch-boot-assets.sh",
  when: "the bundle is rendered",
  then:
    "every kernel and initramfs a profile loads is in the fetch script's table, fetched from the Image Factory URL " +
    "of the node's group schematic, the script verifies SHA-256 sums, and the installer runs it",
  why: "Nodes have no internet: an asset the bastion did not fetch is a node that cannot boot.",
  plan: ({ plan, artifacts }) => {
    const script = artifacts.text(TREE.fetchAssets);
    const table = new Map(assetsTable(script).map((e) => [e.path, e.source]));
    const problems: string[] = [];
    const wanted = new Map<string, string>();
    for (const n of plan.nodes) {
      const s = schematicFor(plan, n.group);
      wanted.set(`talos/${plan.talos.version}/${s.id}/kernel-${plan.arch}`, s.urls.kernel);
      wanted.set(`talos/${plan.talos.version}/${s.id}/initramfs-${plan.arch}.xz`, s.urls.initramfs);
    }
    for (const p of readProfiles(artifacts).values())
      for (const path of [p.boot.kernel, ...p.boot.initrd]) {
        const rel = path.replace(/^\/assets\//, "");
        if (!table.has(rel)) problems.push(`${p.id}: ${path} is not fetched by ${TREE.fetchAssets}`);
        if (!wanted.has(rel)) problems.push(`${p.id}: ${path} is not an asset of the node's group schematic`);
      }
    for (const [rel, url] of wanted) {
      const src = table.get(rel);
      if (src !== undefined && `${FACTORY}${src}` !== url)
        problems.push(`${rel} is fetched from ${FACTORY}${src}, want ${url}`);
    }
    if (!script.includes("sha256sum -c")) problems.push("the fetch script does not verify checksums");
    if (!artifacts.text(TREE.install).includes("fetch-boot-assets.sh"))
      problems.push("install.sh does not run the fetch script");
    return verdict(problems, [
      `${wanted.size} assets for ${plan.nodes.length} nodes fetched from ${FACTORY} and verified (sha256)`,
    ]);
  },
});
