// Test helper: materializes the rendered bastion tree (plus the secret files moonlab would push) in a temp dir.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { finalContent } from "../../../src/artifacts/artifact.ts";
import type { Plan } from "../../../src/plan/types.ts";
import { renderBastion } from "../../../src/render/bastion/index.ts";
import type { LabSecrets } from "../../../src/secrets/types.ts";

/** Writes the bastion family's artifacts under <dir>/ (paths keep their bastion/ prefix); returns <dir>/bastion. */
export function writeBundle(plan: Plan, secrets: LabSecrets, prefix = "moonlab-bastion-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const a of renderBastion(plan, secrets, {})) {
    const p = join(dir, a.path);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, finalContent(a), { mode: a.mode ?? 0o644 });
  }
  return join(dir, "bastion");
}

export function writeFile(path: string, content: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}
