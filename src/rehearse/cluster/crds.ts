// The upstream CRDs the GitOps tree needs (Flux, Flux Operator, CozyStack Package/PackageSource, SpinKube, MetalLB,
// Crossplane, provider-kubernetes), installed into a local control plane. They are the pinned module contents
// scripts/test-tools/37-crds.sh copied to .tools/share/crds/<set>@<version>/ (never ../shared at run time).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { TOOLS } from "../tools.ts";
import type { Kubectl } from "./kubectl.ts";

export const CRDS_DIR = join(TOOLS, "share", "crds");

export interface CrdSet {
  /** e.g. flux-source@v1.9.6 */
  readonly name: string;
  /** `<module>@<version> <dir in module>`, as recorded by 37-crds.sh */
  readonly source: string;
  readonly dir: string;
  /** CRD names (plural.group) in the set. */
  readonly crds: readonly string[];
}

export function upstreamCrdSets(): CrdSet[] {
  if (!existsSync(CRDS_DIR)) return [];
  return readdirSync(CRDS_DIR)
    .sort()
    .filter((n) => existsSync(join(CRDS_DIR, n, ".complete")))
    .map((name) => {
      const dir = join(CRDS_DIR, name);
      const crds: string[] = [];
      for (const f of readdirSync(dir)
        .filter((x) => x.endsWith(".yaml"))
        .sort())
        for (const d of parseAllDocuments(readFileSync(join(dir, f), "utf8"))) {
          const o = d.toJS() as { kind?: string; metadata?: { name?: string } } | null;
          if (o?.kind === "CustomResourceDefinition" && o.metadata?.name) crds.push(o.metadata.name);
        }
      return { name, source: readFileSync(join(dir, ".source"), "utf8").trim(), dir, crds };
    });
}

/** Applies every set (server-side: the largest CRDs exceed the client-side apply annotation limit) and waits. */
export async function installUpstreamCrds(kubectl: Kubectl): Promise<CrdSet[]> {
  const sets = upstreamCrdSets();
  if (sets.length === 0) throw new Error(`no CRDs in ${CRDS_DIR}: run scripts/install-test-tools.sh`);
  for (const s of sets) await kubectl(["apply", "--server-side", "--force-conflicts", "-f", s.dir], 120_000);
  await kubectl(
    ["wait", "--for=condition=Established", "--timeout=90s", ...sets.flatMap((s) => s.crds.map((c) => `crd/${c}`))],
    100_000,
  );
  return sets;
}
