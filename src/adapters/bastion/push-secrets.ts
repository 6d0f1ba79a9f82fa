// Delivers the bastion's secret files (machine configs as matchbox templates, optionally Pi-hole's password) after
// boot, so neither the rendered tree nor the launch template's user-data ever holds them. docs/bastion.md "Secrets".
import type { Plan } from "../../plan/types.ts";
import { bastionSecretFiles } from "../../render/bastion/secret-files.ts";
import type { LabSecrets } from "../../secrets/types.ts";

export interface BastionWriter {
  writeFile(path: string, content: string, mode: number): Promise<void>;
  exec(command: string): Promise<{ readonly code: number; readonly stderr: string }>;
}

export interface PushReport {
  readonly written: readonly string[];
}

export async function pushBastionSecrets(
  bastion: BastionWriter,
  plan: Plan,
  secrets: LabSecrets,
  options: { readonly piholePassword?: string } = {},
): Promise<PushReport> {
  const files = bastionSecretFiles(plan, secrets, options);
  for (const f of files) await bastion.writeFile(f.host, f.content, f.mode);
  if (options.piholePassword !== undefined) {
    // Pi-hole reads its password from the environment at start: restart whichever runtime runs it.
    const r = await bastion.exec(
      "systemctl try-restart moonlab-pihole.service 2>/dev/null || docker restart moonlab-pihole >/dev/null 2>&1 || true",
    );
    if (r.code !== 0) throw new Error(`restarting Pi-hole failed: ${r.stderr.trim()}`);
  }
  return { written: files.map((f) => f.host) };
}
