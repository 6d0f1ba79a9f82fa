// Step 3 of a cluster rehearsal: the loopback git server, the mirrors of the upstream git repositories the tree
// names (built from pinned module contents of 37-crds.sh, so Flux fetches them without the internet), and the fleet
// repository holding the rendered tree at gitops.path with gitops.repo = the loopback URL.
import { join } from "node:path";
import type { Plan } from "../../plan/types.ts";
import { upstreamCrdSets } from "./crds.ts";
import { createFleetRepo, createMirror, type FleetRepo, type TreeEdit } from "./fleet-repo.ts";
import { type GitServer, startGitServer } from "./git-server.ts";

/** Upstream git repositories the tree names, mirrored on loopback from the pinned module contents of 37-crds.sh. */
const GIT_MIRRORS = [
  {
    url: "https://github.com/spinframework/spin-operator",
    name: "spin-operator",
    crdSet: "spin-operator@v0.6.1",
    path: "config/crd/bases",
    tag: "v0.6.1",
  },
] as const;

export interface FleetSource {
  readonly git: GitServer;
  readonly repo: FleetRepo;
  readonly url: string;
  /** One line per mirror: upstream URL -> loopback URL (what, at which tag, from where). */
  readonly mirrors: readonly string[];
}

/** Starts the git server under `dir`; the caller closes `git` (also when a later step fails). */
export async function serveFleet(
  plan: Plan,
  dir: string,
  onServer: (git: GitServer) => void,
  edit?: TreeEdit,
): Promise<FleetSource> {
  const git = await startGitServer(dir);
  onServer(git);
  const mirrors: Record<string, string> = {};
  const lines: string[] = [];
  const byName = new Map(upstreamCrdSets().map((s) => [s.name, s]));
  for (const m of GIT_MIRRORS) {
    const set = byName.get(m.crdSet);
    if (!set) continue;
    createMirror(dir, m.name, set.dir, m.path, m.tag);
    mirrors[m.url] = `${git.url}/${m.name}.git`;
    lines.push(`${m.url} -> ${mirrors[m.url]} (${m.path} at ${m.tag} from ${set.source.split(" ")[0]})`);
  }
  const url = `${git.url}/fleet.git`;
  const repo = createFleetRepo(plan, join(dir), url, mirrors, edit);
  return { git, repo, url, mirrors: lines };
}
