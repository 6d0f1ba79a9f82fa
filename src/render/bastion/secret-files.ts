// Files the bastion needs that carry secrets, so they are never written to the rendered tree nor put in user-data:
// each node's machine config as a matchbox generic template, and optionally Pi-hole's web password. moonlab pushes
// them to the bastion after boot (src/adapters/bastion/push-secrets.ts); `moonlab rehearse` writes them into its
// throwaway matchbox data dir.
import type { Plan } from "../../plan/types.ts";
import type { LabSecrets } from "../../secrets/types.ts";
import { machineConfigYaml } from "../talos/machine-config.ts";
import { HOST } from "./layout.ts";
import { genericId, genericTemplate } from "./matchbox.ts";
import { PIHOLE_SECRET_ENV } from "./services.ts";

export interface SecretFile {
  /** Path relative to matchbox's data dir for templates (generic/<node>.yaml), or absolute on the bastion. */
  readonly relative?: string;
  readonly host: string;
  readonly content: string;
  readonly mode: number;
}

export function bastionSecretFiles(
  plan: Plan,
  secrets: LabSecrets,
  options: { readonly piholePassword?: string } = {},
): SecretFile[] {
  const out: SecretFile[] = plan.nodes.map((n) => ({
    relative: `generic/${genericId(n)}`,
    host: `${HOST.matchbox}/generic/${genericId(n)}`,
    content: genericTemplate(machineConfigYaml(plan, n, secrets)),
    mode: 0o600,
  }));
  if (options.piholePassword !== undefined) {
    if (/[\n\r]/.test(options.piholePassword)) throw new Error("the Pi-hole password cannot contain a line break");
    out.push({
      host: PIHOLE_SECRET_ENV,
      content: `FTLCONF_webserver_api_password=${options.piholePassword}\n`,
      mode: 0o600,
    });
  }
  return out;
}
