// `moonlab gitops push`: commits the rendered gitops tree into the fleet repository at plan.gitops.path, with real
// git (child_process), in one commit with a clear message, then pushes the branch. The path is replaced as a whole,
// so files no longer rendered disappear; everything outside it is left alone. No change -> no commit.
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { type Artifact, byPath, finalContent } from "../artifacts/artifact.ts";
import { LabError, UsageError } from "../errors.ts";
import type { Plan } from "../plan/types.ts";
import { gitopsLayout, ROOT } from "../render/gitops/layout.ts";
import { assertInside } from "../render/write.ts";

export class GitError extends LabError {
  constructor(what: string, repo: string, detail: string) {
    super(`git ${what} failed for ${repo}: ${detail.trim().split("\n").slice(-3).join(" | ")}`, 3);
  }
}

/** One file of the tree, path relative to the tree root (no `gitops/` prefix), final bytes. */
export interface TreeFile {
  readonly path: string;
  readonly content: Uint8Array;
  readonly mode: number;
}

/** The gitops family's artifacts as the files they become (with the generated-by header). */
export function treeFromArtifacts(artifacts: readonly Artifact[]): TreeFile[] {
  return artifacts
    .filter((a) => a.path.startsWith(`${ROOT}/`))
    .map((a) => {
      const c = finalContent(a);
      return {
        path: a.path.slice(ROOT.length + 1),
        content: typeof c === "string" ? Buffer.from(c, "utf8") : c,
        mode: a.mode ?? 0o644,
      };
    })
    .sort(byPath);
}

/** The tree `moonlab plan` wrote to <out>/gitops. */
export function treeFromDirectory(dir: string): TreeFile[] {
  const out: TreeFile[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else out.push({ path: relative(dir, p).split("\\").join("/"), content: readFileSync(p), mode: st.mode & 0o777 });
    }
  };
  try {
    walk(dir);
  } catch (e) {
    throw new UsageError(`cannot read the rendered tree at ${dir}: ${(e as Error).message} (run moonlab plan first)`);
  }
  if (out.length === 0) throw new UsageError(`${dir} holds no rendered gitops tree (run moonlab plan first)`);
  return out;
}

export interface PushOptions {
  /** Repository URL or local path; default plan.gitops.repo. */
  readonly repo?: string;
  /** Extra environment for git (tests: GIT_CONFIG_* isolation). */
  readonly env?: NodeJS.ProcessEnv;
  /** Clone and stage as for real, report what would change, commit and push nothing. */
  readonly dryRun?: boolean;
}

export interface PushResult {
  readonly repo: string;
  readonly branch: string;
  readonly path: string;
  readonly files: number;
  /** Commit id, or undefined when the tree was already there byte for byte. */
  readonly commit?: string;
  readonly message?: string;
  /** Dry run: the repository paths the commit would change (nothing was committed or pushed). */
  readonly wouldChange?: readonly string[];
}

export function commitMessage(plan: Plan, path: string, files: number): string {
  return [
    `moonlab: update the ${plan.lab} lab's GitOps tree at ${path}/`,
    "",
    `Rendered by moonlab from the lab spec: ${files} files.`,
    `CozyStack ${plan.cozystack.version} (variant ${plan.cozystack.variant}) on Talos ${plan.talos.version}, ${plan.arch}, target ${plan.target}.`,
    `Flux source ${plan.gitops.sourceNamespace}/${plan.gitops.sourceName} reconciles ./${path}/flux from branch ${plan.gitops.branch}.`,
    "",
  ].join("\n");
}

export function pushTree(plan: Plan, tree: readonly TreeFile[], options: PushOptions = {}): PushResult {
  const repo = options.repo ?? plan.gitops.repo;
  const branch = plan.gitops.branch;
  const path = gitopsLayout(plan).repoPath;
  if (path === "") throw new UsageError("gitops.path must name a directory inside the repository");
  assertInside(
    "/",
    tree.map((f) => ({ path: f.path, content: "" })),
  );
  const env = { ...process.env, GIT_TERMINAL_PROMPT: "0", ...options.env };
  const work = mkdtempSync(join(tmpdir(), "moonlab-gitops-"));
  const git = (what: string, args: string[], cwd = work): string => {
    try {
      return execFileSync("git", args, { cwd, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    } catch (e) {
      const err = e as { stderr?: string; message: string };
      throw new GitError(what, repo, err.stderr || err.message);
    }
  };
  try {
    git("clone", ["clone", "--quiet", "--no-tags", repo, work], tmpdir());
    const remoteHas = git("ls-remote", ["ls-remote", "--heads", "origin", branch]).trim() !== "";
    if (remoteHas) git("checkout", ["checkout", "--quiet", "-B", branch, `origin/${branch}`]);
    else git("checkout", ["checkout", "--quiet", "--orphan", branch]);
    rmSync(join(work, path), { recursive: true, force: true });
    for (const f of tree) {
      const target = join(work, path, f.path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, f.content);
      chmodSync(target, f.mode);
    }
    git("add", ["add", "--all", "--", path]);
    const staged = git("diff", ["diff", "--cached", "--name-only"]).trim();
    if (staged === "") return { repo, branch, path, files: tree.length };
    if (options.dryRun) return { repo, branch, path, files: tree.length, wouldChange: staged.split("\n") };
    const message = commitMessage(plan, path, tree.length);
    // A fresh machine (CI) may have no git identity; commit as moonlab there, as the user elsewhere.
    const identity = hasIdentity(work, env)
      ? []
      : ["-c", "user.name=moonlab", "-c", `user.email=moonlab@${plan.lab}.lab`];
    try {
      execFileSync("git", [...identity, "commit", "--quiet", "--file", "-"], {
        cwd: work,
        env,
        input: message,
        stdio: ["pipe", "pipe", "pipe"],
      });
    } catch (e) {
      throw new GitError("commit", repo, (e as { stderr?: Buffer }).stderr?.toString() ?? String(e));
    }
    const commit = git("rev-parse", ["rev-parse", "HEAD"]).trim();
    git("push", ["push", "--quiet", "origin", `HEAD:refs/heads/${branch}`]);
    return { repo, branch, path, files: tree.length, commit, message };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function hasIdentity(cwd: string, env: NodeJS.ProcessEnv): boolean {
  try {
    execFileSync("git", ["config", "--get", "user.email"], { cwd, env, stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
