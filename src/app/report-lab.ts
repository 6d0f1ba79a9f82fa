// The use cases behind `moonlab report` and `moonlab talk`: gather the lab's view with its records, render, write
// under <out>/report/ or <out>/talk/ (each with its own manifest, so `moonlab plan`'s tree is left alone).
import { join } from "node:path";
import { type LoadedLab, loadLab } from "../plan/load-lab.ts";
import { outDirOf } from "../render/out-dir.ts";
import { type WriteReport, writeArtifacts } from "../render/write.ts";
import { resolveSecrets } from "../secrets/resolve.ts";
import type { LabSecrets } from "../secrets/types.ts";
import { labStateDir, labView, readRecords, reportArtifacts, talkArtifacts } from "./present-lab.ts";

export interface Presented {
  readonly dir: string;
  readonly files: number;
  readonly written: WriteReport;
  readonly runs: number;
  readonly timings: number;
  readonly unreadable: readonly string[];
}

async function present(
  lab: LoadedLab,
  secrets: LabSecrets,
  outDir: string,
  kind: "report" | "talk",
  specPath: string | undefined,
): Promise<Presented> {
  const records = readRecords(labStateDir(lab.specDir, lab.plan.lab));
  const view = await labView(lab.plan, secrets, records);
  const artifacts = kind === "report" ? await reportArtifacts(view) : await talkArtifacts(view, specPath);
  // Artifacts carry their folder (report/..., talk/...); each folder is written as its own root.
  const dir = join(outDir, kind);
  const inside = artifacts.map((a) => ({ ...a, path: a.path.slice(kind.length + 1) }));
  return {
    dir,
    files: inside.length,
    written: writeArtifacts(dir, inside),
    runs: records.runs.length,
    timings: records.timings.length,
    unreadable: records.unreadable.map((u) => `${u.file}: ${u.why}`),
  };
}

/** What `moonlab report` and `moonlab talk` run: load the spec and its secrets, then present the lab. */
export async function presentFromSpec(
  kind: "report" | "talk",
  o: { readonly spec?: string; readonly out?: string },
): Promise<{ readonly lab: LoadedLab; readonly presented: Presented }> {
  const lab = loadLab(o.spec);
  const out = outDirOf(o.out, lab.plan.lab);
  const secrets = await resolveSecrets({ ...lab, outDir: out });
  return { lab, presented: await present(lab, secrets, out, kind, kind === "talk" ? o.spec : undefined) };
}
