// moonlab demo build|push: the demo Spin app (demo/hello-spin) as a WebAssembly component and its OCI artifact.
import { resolve } from "node:path";
import type { Command } from "commander";
import { buildDemo, DEMO_LAYOUT_DIR, DEMO_OUT_DIR, demoPushRef, pushDemo } from "../../demo-artifact/demo-app.ts";
import { loadLab } from "../../plan/load-lab.ts";
import { printWarnings } from "../output.ts";
import { printPush } from "../print-push.ts";

const DEFAULT_OUT = DEMO_OUT_DIR;

/** SOURCE_DATE_EPOCH (reproducible-builds convention) as the created annotation; none otherwise. */
function createdFromEnv(): string | undefined {
  const s = process.env.SOURCE_DATE_EPOCH;
  return s && /^\d+$/.test(s) ? new Date(Number(s) * 1000).toISOString().replace(/\.000Z$/, "Z") : undefined;
}

export function register(program: Command): void {
  const demo = program
    .command("demo")
    .description("the demo Spin app (TypeScript -> WebAssembly component -> OCI artifact -> the lab's registry)");

  demo
    .command("build")
    .description("build the component and write it plus an OCI image layout (Spin's registry format) to --out")
    .option("--spec <file>", "lab spec whose node architecture the greeting reports (default: the built-in lab moon)")
    .option("--out <dir>", `output folder (default: ${DEFAULT_OUT})`)
    .option("--json", "print the result as JSON")
    .action(async (o: { spec?: string; out?: string; json?: boolean }) => {
      const lab = loadLab(o.spec);
      printWarnings(lab.warnings);
      const created = createdFromEnv();
      const b = await buildDemo({
        outDir: o.out ?? DEFAULT_OUT,
        nodeArch: lab.plan.arch,
        ...(created ? { created } : {}),
      });
      const summary = {
        component: b.componentPath,
        componentBytes: b.component.bytes.byteLength,
        componentized: b.component.componentized,
        seconds: b.component.seconds,
        layout: b.layoutDir,
        manifestDigest: b.artifact.manifestDigest,
        layers: b.artifact.layers.map((l) => ({ mediaType: l.mediaType, digest: l.digest, size: l.size })),
      };
      if (o.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      else
        process.stdout.write(
          `component ${b.componentPath} (${b.component.bytes.byteLength} bytes, ` +
            `${b.component.componentized ? "built" : "unchanged, reused"} in ${b.component.seconds.toFixed(1)} s)\n` +
            `OCI image layout ${b.layoutDir} (manifest ${b.artifact.manifestDigest})\n`,
        );
    });

  demo
    .command("push")
    .description("push the OCI artifact from `demo build` to the lab's registry (default: the SpinApp's image)")
    .option("--spec <file>", "lab spec (default: the built-in lab moon)")
    .option("--registry <host:port>", "push to this registry instead of the bastion's, same repository and tag")
    .option("--ref <reference>", "full image reference host:port/repository:tag (overrides --registry)")
    .option("--layout <dir>", `OCI image layout to push (default: ${DEFAULT_OUT}/${DEMO_LAYOUT_DIR})`)
    .option("--json", "print the result as JSON")
    .action(async (o: { spec?: string; registry?: string; ref?: string; layout?: string; json?: boolean }) => {
      const lab = loadLab(o.spec);
      printWarnings(lab.warnings);
      const ref = demoPushRef(lab.plan, {
        ...(o.ref ? { ref: o.ref } : {}),
        ...(o.registry ? { registry: o.registry } : {}),
      });
      const layout = resolve(o.layout ?? `${DEFAULT_OUT}/${DEMO_LAYOUT_DIR}`);
      const r = await pushDemo(layout, ref);
      printPush(r, o.json === true);
    });
}
