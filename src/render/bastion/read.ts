// Reading the rendered bastion tree and the live bastion back, for the T03/T04 checks and the tests: parsers of
// the bundle's own formats, kept beside the code that writes them.

import type { ArtifactTree } from "../../artifacts/tree.ts";
import type { Plan } from "../../plan/types.ts";
import type { BastionPort } from "../../ports/bastion.ts";
import { TREE } from "./layout.ts";
import type { MatchboxGroup, MatchboxProfile } from "./matchbox.ts";
import type { BastionService } from "./services.ts";

export interface ServicesDocument {
  readonly lab: string;
  readonly target: string;
  readonly matchbox: string;
  readonly dhcp: string;
  readonly services: readonly BastionService[];
}

export const readServices = (tree: ArtifactTree): ServicesDocument => tree.json<ServicesDocument>(TREE.services);

export function readGroups(tree: ArtifactTree): { path: string; group: MatchboxGroup }[] {
  return tree.list(`${TREE.groups}/`).map((path) => ({ path, group: tree.json<MatchboxGroup>(path) }));
}

export function readProfiles(tree: ArtifactTree): Map<string, MatchboxProfile> {
  const out = new Map<string, MatchboxProfile>();
  for (const path of tree.list(`${TREE.profiles}/`)) {
    const p = tree.json<MatchboxProfile>(path);
    out.set(p.id, p);
  }
  return out;
}

/** The `<path under assets/> <path on the factory>` table of fetch-boot-assets.sh. */
export function assetsTable(script: string): { readonly path: string; readonly source: string }[] {
  const m = /<<'ASSETS'\n([\s\S]*?)\nASSETS\n/.exec(script);
  if (!m?.[1]) return [];
  return m[1].split("\n").map((l) => {
    const [path = "", source = ""] = l.trim().split(/\s+/);
    return { path, source };
  });
}

/** Mirror host -> endpoint URLs, from every rendered Talos machine config (v1alpha1 and RegistryMirrorConfig). */
export function talosMirrors(tree: ArtifactTree): Map<string, { file: string; urls: string[] }[]> {
  const out = new Map<string, { file: string; urls: string[] }[]>();
  const add = (host: string, file: string, urls: string[]) => out.set(host, [...(out.get(host) ?? []), { file, urls }]);
  for (const file of tree.list("talos/")) {
    if (!file.endsWith(".yaml") || file.startsWith("talos/schematics/")) continue;
    for (const doc of tree.yamlAll(file)) {
      if (doc === null || typeof doc !== "object") continue;
      // biome-ignore lint/suspicious/noExplicitAny: Talos documents of several kinds, narrowed field by field below
      const d = doc as Record<string, any>;
      if (d.kind === "RegistryMirrorConfig" && typeof d.name === "string")
        add(
          d.name,
          file,
          (d.endpoints ?? []).map((e: { url: string }) => e.url),
        );
      const mirrors = d.machine?.registries?.mirrors as Record<string, { endpoints?: string[] }> | undefined;
      for (const [host, m] of Object.entries(mirrors ?? {})) add(host, file, m.endpoints ?? []);
    }
  }
  return out;
}

/** A service's log on the bastion, from its file or its command (services.ts decides which per target). */
export async function serviceLog(bastion: BastionPort, service: BastionService): Promise<string> {
  if ("file" in service.log) return (await bastion.readFile(service.log.file)) ?? "";
  const r = await bastion.exec(`${service.log.command} 2>&1`);
  return r.stdout + r.stderr;
}

export function findService(services: readonly BastionService[], name: string): BastionService | undefined {
  return services.find((s) => s.name === name);
}

/** The node the matchbox selector picks, as `k=v` joined by `&` (stable order). */
export const selectorKey = (s: Readonly<Record<string, string>>): string =>
  Object.keys(s)
    .sort()
    .map((k) => `${k}=${s[k]}`)
    .join("&");

export const labDomain = (plan: Plan): string => plan.services.dns.domain;
