// moonlab gitops push [--spec FILE] [--repo PATH|URL] [--out DIR]: commit the lab's GitOps tree to the fleet repo.
import type { Command } from "commander";
import { gitopsPush } from "../../gitops/run.ts";

export function register(program: Command): void {
  const gitops = program.command("gitops").description("the lab's GitOps tree (CozyStack, Flux, SpinKube, demo app)");
  gitops
    .command("push")
    .description("commit the rendered GitOps tree to the fleet repository at gitops.path and push the branch")
    .option("--spec <file>", "lab spec (default: the built-in lab moon)")
    .option("--repo <path|url>", "repository to push to (default: the spec's gitops.repo)")
    .option("--out <dir>", "push the tree `moonlab plan --out DIR` wrote (DIR/gitops) instead of rendering again")
    .action((o: { spec?: string; repo?: string; out?: string }) => {
      const r = gitopsPush(o);
      if (r.commit === undefined)
        process.stdout.write(
          `${r.repo} ${r.branch}:${r.path}/ already holds this tree (${r.files} files); nothing committed\n`,
        );
      else
        process.stdout.write(
          `pushed ${r.files} files to ${r.repo} ${r.branch}:${r.path}/ in commit ${r.commit.slice(0, 12)}\n  ${r.message?.split("\n")[0] ?? ""}\n`,
        );
    });
}
