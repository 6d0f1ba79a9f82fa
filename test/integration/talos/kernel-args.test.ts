// The per-minor kernel argument table (src/render/talos/kernel-args.ts) is what Talos's own imager writes for every
// Talos release of the version matrix: tools/talos-conformance -kernel-args <version> prints
// pkg/machinery/kernel.DefaultArgs(quirks.New(version)) from the pinned machinery.
import { execFileSync } from "node:child_process";
import { expect, it } from "vitest";
import { KERNEL_ARGS_BY_MINOR } from "../../../src/render/talos/kernel-args.ts";
import { TALOS_RELEASES } from "../../../src/versions/matrix.ts";
import { describeWithTools, requireTool } from "../../support/tools.ts";

describeWithTools(
  [
    {
      name: "talos-conformance",
      how: "run scripts/install-test-tools.sh (scripts/test-tools/35-talos-conformance.sh)",
    },
  ],
  "kernel arguments per Talos minor, against Talos's imager",
  () => {
    it.each(TALOS_RELEASES.map((r) => [r.version, r] as const))("%s", (version, r) => {
      const out = execFileSync(requireTool("talos-conformance"), ["-kernel-args", version], { encoding: "utf8" });
      // Talos spells a flag without a value `slab_nomerge=`; on a command line it is `slab_nomerge`.
      const talos = (JSON.parse(out) as string[]).map((a) => a.replace(/=$/, ""));
      expect(KERNEL_ARGS_BY_MINOR[r.minor]).toEqual(talos);
    });
  },
);
