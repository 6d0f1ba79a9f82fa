// The bench's other side: a bare in-process CDK synth of the lab's stack with aws-cdk-lib's default settings (the
// built-in template validator on), in its own process: load the spec and the secrets, build the stack, synth.
// Run as `node src/app/bare-synth.ts SPEC [--no-validation]` by bench-plan; it writes its CPU milliseconds to MOONLAB_CPU_REPORT.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadLab } from "../plan/load-lab.ts";
import { buildStack } from "../render/aws/stack.ts";
import { resolveSecrets } from "../secrets/resolve.ts";

export async function bareSynth(spec: string | undefined, cfnValidation = true): Promise<number> {
  const lab = loadLab(spec);
  const secrets = await resolveSecrets(lab);
  const outdir = mkdtempSync(join(tmpdir(), "moonlab-bare-synth-"));
  try {
    const { app, stack } = buildStack(lab.plan, secrets, { cfnValidation }, outdir);
    const template = app.synth().getStackByName(stack.stackName).template as { Resources: object };
    return Object.keys(template.Resources).length;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const resources = await bareSynth(process.argv[2], process.argv[3] !== "--no-validation");
  process.stdout.write(`${resources}\n`);
  const report = process.env.MOONLAB_CPU_REPORT;
  if (report) {
    const u = process.cpuUsage();
    writeFileSync(report, String((u.user + u.system) / 1000));
  }
}
