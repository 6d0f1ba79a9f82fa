// Finds the lab's secrets for a render. Until the Talos secrets bundle exists, renders run without secrets.
import type { LabSecrets } from "./types.ts";

export interface SecretsContext {
  /** Directory of the spec file; the encrypted bundle is stored beside it. */
  readonly specDir: string;
  readonly plan: { readonly lab: string };
}

export async function resolveSecrets(_ctx: SecretsContext): Promise<LabSecrets> {
  return {};
}
