// The fleet repository of a cluster rehearsal: a real git repository on disk holding the rendered GitOps tree at
// plan.gitops.path, exactly as `moonlab gitops push` would commit it, for a plan whose gitops.repo is the loopback
// git server. Upstream sources the tree points at on the internet (spin-operator's CRDs on GitHub) are served from
// loopback mirrors built from pinned module contents; sources that cannot be mirrored (OCI charts, Helm
// repositories) keep their URL and fail to fetch, which the rehearsal reports with the controller's own message.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseAllDocuments, stringify } from "yaml";
import { finalContent } from "../../artifacts/artifact.ts";
import type { Plan } from "../../plan/types.ts";
import { gitopsArtifacts } from "../../render/gitops/index.ts";
import { gitopsLayout, ROOT } from "../../render/gitops/layout.ts";

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, {
    cwd,
    encoding: "utf8",
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "moonlab rehearsal",
      GIT_AUTHOR_EMAIL: "rehearsal@moonlab.invalid",
      GIT_COMMITTER_NAME: "moonlab rehearsal",
      GIT_COMMITTER_EMAIL: "rehearsal@moonlab.invalid",
      GIT_CONFIG_NOSYSTEM: "1",
      HOME: cwd,
    },
  });
}

/** A bare repository `<root>/<name>.git` made from a work tree with one commit on `branch` (and `tag`, if given). */
function bareFrom(root: string, name: string, work: string, branch: string, tag?: string): string {
  git(work, "init", "-q", "-b", branch);
  git(work, "add", "-A");
  git(work, "commit", "-q", "-m", `moonlab rehearsal: ${name}`);
  if (tag) git(work, "tag", tag);
  const bare = join(root, `${name}.git`);
  git(root, "clone", "-q", "--bare", work, bare);
  // Smart HTTP (git http-backend) serves a repository only if it is exported.
  writeFileSync(join(bare, "git-daemon-export-ok"), "");
  return git(work, "rev-parse", "HEAD").trim();
}

export interface FleetRepo {
  /** The plan as rendered into the repository (gitops.repo = the loopback URL). */
  readonly plan: Plan;
  readonly commit: string;
  /** Where the rendered tree was written (the work tree, for kustomize build). */
  readonly workTree: string;
}

/**
 * A change to the rendered tree before it is committed, given each YAML file's objects by tree path (gitops/...);
 * returns the objects to write instead, or undefined to keep the file's bytes. It exists so a test can take one
 * permission away from the tree's RBAC and see the rehearsal's Moonlander round trip fail on it.
 */
export type TreeEdit = (path: string, objects: Record<string, unknown>[]) => Record<string, unknown>[] | undefined;

/**
 * Renders the tree for `plan` with gitops.repo = `url` and commits it into `<root>/fleet.git`. `mirrors` maps an
 * upstream GitRepository URL of the tree to its loopback mirror: those objects are re-serialized with the mirror's URL
 * (the rehearsal prints each substitution).
 */
export function createFleetRepo(
  plan: Plan,
  root: string,
  url: string,
  mirrors: Readonly<Record<string, string>> = {},
  edit?: TreeEdit,
): FleetRepo {
  const p: Plan = { ...plan, gitops: { ...plan.gitops, repo: url } };
  const l = gitopsLayout(p);
  const work = join(root, "work", "fleet");
  for (const a of gitopsArtifacts(p)) {
    if (!a.path.startsWith(`${ROOT}/`)) continue;
    const file = join(work, l.repoPath, a.path.slice(ROOT.length + 1));
    mkdirSync(dirname(file), { recursive: true });
    const content = finalContent(a);
    const text = typeof content === "string" ? edited(a.path, content, edit) : undefined;
    writeFileSync(file, text !== undefined ? withMirrors(text, mirrors) : content, {
      mode: a.mode ?? 0o644,
    });
  }
  const commit = bareFrom(root, "fleet", work, p.gitops.branch);
  return { plan: p, commit, workTree: work };
}

function edited(path: string, text: string, edit: TreeEdit | undefined): string {
  if (!edit || !path.endsWith(".yaml")) return text;
  const objects = parseAllDocuments(text).map((d) => d.toJS() as Record<string, unknown>);
  const changed = edit(path, objects);
  return changed === undefined ? text : changed.map((o) => stringify(o)).join("---\n");
}

/** The YAML documents of a file with every GitRepository whose url is mirrored pointed at the mirror. */
function withMirrors(text: string, mirrors: Readonly<Record<string, string>>): string {
  if (!/kind: GitRepository/.test(text) || Object.keys(mirrors).length === 0) return text;
  const docs = parseAllDocuments(text);
  let changed = false;
  for (const d of docs) {
    if (d.get("kind") !== "GitRepository") continue;
    const url = d.getIn(["spec", "url"]);
    const to = typeof url === "string" ? mirrors[url] : undefined;
    if (to !== undefined) {
      d.setIn(["spec", "url"], to);
      changed = true;
    }
  }
  return changed ? docs.map((d) => d.toString()).join("---\n") : text;
}

/**
 * A loopback mirror of an upstream repository holding only `files` (a directory copied to `path`), tagged `tag`:
 * the rehearsal's stand-in for a GitHub repository the tree references (the bytes come from the pinned Go module).
 */
export function createMirror(root: string, name: string, from: string, path: string, tag: string): string {
  const work = join(root, "work", name);
  mkdirSync(join(work, path), { recursive: true });
  for (const f of readdirSync(from).filter((n) => n.endsWith(".yaml"))) cpSync(join(from, f), join(work, path, f));
  return bareFrom(root, name, work, "main", tag);
}
