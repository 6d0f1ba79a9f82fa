// moonlab moonlander run|build|push: Moonlander's controller, and the OCI image the lab's Deployment mounts it from.
import type { Command } from "commander";
import { loadLab } from "../../plan/load-lab.ts";
import { printWarnings } from "../output.ts";
import { registerMoonlanderRun } from "./moonlander-run.ts";

const DEFAULT_OUT = "out/moonlander";

export function register(program: Command): void {
  const moonlander = program
    .command("moonlander")
    .description("Moonlander: Landings (moons.urmanac.com/v1alpha1) wire guest clusters to the lab cluster");
  registerMoonlanderRun(moonlander);

  moonlander
    .command("build")
    .description(
      "bundle the controller into one moonlander.mjs and write it as an OCI image (one layer, byte-stable) to --out",
    )
    .option("--spec <file>", "lab spec whose node architecture the image config names (default: the built-in lab moon)")
    .option("--out <dir>", `output folder (default: ${DEFAULT_OUT})`)
    .option("--json", "print the result as JSON")
    .action(async (o: { spec?: string; out?: string; json?: boolean }) => {
      const lab = loadLab(o.spec);
      printWarnings(lab.warnings);
      // Imported here: the bundler is needed by this verb only (not by `moonlander run`).
      const { buildMoonlanderImage } = await import("../../app/moonlander-image.ts");
      const b = await buildMoonlanderImage({ outDir: o.out ?? DEFAULT_OUT, arch: lab.plan.arch });
      const summary = {
        bundle: b.bundlePath,
        bundleBytes: b.bundleBytes,
        packages: b.packages.length,
        layout: b.layoutDir,
        tag: b.tag,
        architecture: lab.plan.arch,
        manifestDigest: b.image.manifestDigest,
        layers: b.image.layers.map((l) => ({ mediaType: l.mediaType, digest: l.digest, size: l.size })),
      };
      if (o.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      else
        process.stdout.write(
          `bundle ${b.bundlePath} (${b.bundleBytes} bytes, ${b.packages.length} npm packages inlined)\n` +
            `OCI image layout ${b.layoutDir} tag ${b.tag} (linux/${lab.plan.arch}, manifest ${b.image.manifestDigest})\n`,
        );
    });

  moonlander
    .command("push")
    .description(
      "push the image from `moonlander build` to the lab's registry (default: the Deployment's image volume)",
    )
    .option("--spec <file>", "lab spec (default: the built-in lab moon)")
    .option("--registry <host:port>", "push to this registry instead of the bastion's, same repository and tag")
    .option("--ref <reference>", "full image reference host:port/repository:tag (overrides --registry)")
    .option("--layout <dir>", `OCI image layout to push (default: ${DEFAULT_OUT}/oci)`)
    .option("--json", "print the result as JSON")
    .action(async (o: { spec?: string; registry?: string; ref?: string; layout?: string; json?: boolean }) => {
      const lab = loadLab(o.spec);
      printWarnings(lab.warnings);
      const { moonlanderPushRef, pushMoonlanderImage } = await import("../../app/moonlander-image.ts");
      const { printPush } = await import("../print-push.ts");
      const ref = moonlanderPushRef(lab.plan, {
        ...(o.ref ? { ref: o.ref } : {}),
        ...(o.registry ? { registry: o.registry } : {}),
      });
      const r = await pushMoonlanderImage(o.layout ?? `${DEFAULT_OUT}/oci`, ref);
      printPush(r, o.json === true);
    });
}
