// The fleet repository must be something git can clone: an http(s)/ssh/git/file URL, scp-like git@host:path, or a path.
import { issue, type SpecIssue } from "../issue.ts";
import type { Rule } from "./rule.ts";

export function isRepoUrl(text: string): boolean {
  if (/^(https?|ssh|git|file):\/\/[^\s]+$/.test(text)) {
    try {
      new URL(text);
      return true;
    } catch {
      return false;
    }
  }
  return /^[\w.-]+@[\w.-]+:[\w./~-]+$/.test(text);
}

export const gitopsRule: Rule = (spec) => {
  const out: SpecIssue[] = [];
  const g = spec.gitops;
  if (!g) return out;
  if (!isRepoUrl(g.repo))
    out.push(
      issue("gitops.repo-invalid", "gitops.repo", "not a git repository URL", {
        received: g.repo,
        allowed: "https://host/org/repo.git, ssh://git@host/org/repo.git, git@host:org/repo.git or file:///path",
        fix: "write the URL Flux should clone",
      }),
    );
  if (!/^[\w./-]+$/.test(g.branch) || g.branch.includes(".."))
    out.push(issue("gitops.branch-invalid", "gitops.branch", "not a git branch name", { received: g.branch }));
  if (g.path.startsWith("/") || g.path.split("/").includes(".."))
    out.push(
      issue("gitops.path-invalid", "gitops.path", "the path must be relative inside the repository", {
        received: g.path,
        fix: "write a relative path such as clusters/moon",
      }),
    );
  return out;
};
