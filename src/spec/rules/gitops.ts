// The fleet repository must be something Flux's source-controller can clone: an https, http or ssh URL, or scp-like
// git@host:path. No credentials in it (the URL lands in sync.yaml, the README, install.sh and checks.json, and
// `gitops push` commits them): Flux takes them from a Secret the GitRepository names in spec.secretRef. No file://
// (the controller runs in the cluster, not beside the spec) and no shell metacharacters (install.sh prints it).
import { issue, type SpecIssue } from "../issue.ts";
import type { Rule } from "./rule.ts";

export function isRepoUrl(text: string): boolean {
  if (/^(https?|ssh):\/\/[A-Za-z0-9@._~:/-]+$/.test(text)) {
    try {
      new URL(text);
      return true;
    } catch {
      return false;
    }
  }
  return /^[\w.-]+@[\w.-]+:[\w./~-]+$/.test(text);
}

/** user:password@ or a token@ in an http(s) URL (ssh://git@host is a user name, not a credential). */
export function hasCredentials(text: string): boolean {
  try {
    const u = new URL(text);
    return (u.protocol === "https:" || u.protocol === "http:") && (u.username !== "" || u.password !== "");
  } catch {
    return /^[a-z]+:\/\/[^/@]*:[^/@]*@/i.test(text);
  }
}

export const gitopsRule: Rule = (spec) => {
  const out: SpecIssue[] = [];
  const g = spec.gitops;
  if (!g) return out;
  if (hasCredentials(g.repo))
    out.push(
      issue("gitops.repo-credentials", "gitops.repo", "the repository URL carries credentials", {
        received: g.repo.replace(/\/\/[^/@]*@/, "//***@"),
        allowed: "a URL without user:token@",
        fix:
          "remove the credentials from the URL and set gitops.secretRef: fleet-auth; Flux reads them from that Secret " +
          "(keys username and password, or identity and known_hosts for ssh), which the GitRepository references in " +
          "spec.secretRef: kubectl -n cozy-fluxcd create secret generic fleet-auth --from-literal=username=... " +
          "--from-literal=password=...",
      }),
    );
  else if (/^file:/i.test(g.repo))
    out.push(
      issue("gitops.repo-invalid", "gitops.repo", "Flux cannot clone a file:// URL (it runs inside the cluster)", {
        received: g.repo,
        allowed: "https://host/org/repo.git, ssh://git@host/org/repo.git or git@host:org/repo.git",
        fix: "push the fleet repository to a git server the cluster reaches",
      }),
    );
  else if (!isRepoUrl(g.repo))
    out.push(
      issue("gitops.repo-invalid", "gitops.repo", "not a git repository URL", {
        received: g.repo,
        allowed:
          "https://host/org/repo.git, ssh://git@host/org/repo.git or git@host:org/repo.git (no spaces or shell characters)",
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
