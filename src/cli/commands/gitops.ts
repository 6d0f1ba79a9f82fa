// moonlab gitops push [--spec FILE] [--repo PATH|URL] [--out DIR] [--dry-run] [--json]: commit the lab's GitOps tree to the fleet repo.
import type { Command } from "commander";
import { gitopsPush } from "../../app/gitops-push.ts";

export function register(program: Command): void {
  const gitops = program.command("gitops").description("the lab's GitOps tree (CozyStack, Flux, SpinKube, demo app)");
  gitops
    .command("push")
    .description("commit the rendered GitOps tree to the fleet repository at gitops.path and push the branch")
    .option("--spec <file>", "lab spec (default: the built-in lab moon)")
    .option("--repo <path|url>", "repository to push to (default: the spec's gitops.repo)")
    .option("--out <dir>", "push the tree `moonlab plan --out DIR` wrote (DIR/gitops) instead of rendering again")
    .option("--dry-run", "clone and compare, print what would be committed, commit and push nothing")
    .option("--json", "print the result as JSON")
    .action((o: { spec?: string; repo?: string; out?: string; dryRun?: boolean; json?: boolean }) => {
      const r = gitopsPush(o);
      if (o.json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
      else if (r.wouldChange !== undefined)
        process.stdout.write(
          `dry run: would commit ${r.wouldChange.length} changed files of ${r.files} to ${r.repo} ${r.branch}:${r.path}/ (nothing committed or pushed)\n${r.wouldChange.map((f) => `  ${f}`).join("\n")}\n`,
        );
      else if (r.commit === undefined)
        process.stdout.write(
          `${r.repo} ${r.branch}:${r.path}/ already holds this tree (${r.files} files); nothing committed\n`,
        );
      else
        process.stdout.write(
          `pushed ${r.files} files to ${r.repo} ${r.branch}:${r.path}/ in commit ${r.commit.slice(0, 12)}\n  ${r.message?.split("\n")[0] ?? ""}\n`,
        );
    });
}
