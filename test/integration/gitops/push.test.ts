// `moonlab gitops push` against a local bare repository with real git: the commit holds exactly the tree at
// gitops.path, leaves the rest of the repository alone, removes files no longer rendered, and pushing the same
// tree twice commits nothing.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { pushTree, treeFromArtifacts } from "../../../src/fleet/push.ts";
import { gitopsArtifacts } from "../../../src/render/gitops/index.ts";
import { writeArtifacts } from "../../../src/render/write.ts";
import { patched, planOf } from "../../support/lab.ts";
import { describeWithTools, ROOT } from "../../support/tools.ts";

const tmp = mkdtempSync(join(tmpdir(), "moonlab-push-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
// No user or system git configuration: the push must work on a bare CI machine (no identity either).
const env = { GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" };
const git = (args: string[], cwd = tmp) =>
  execFileSync("git", args, { cwd, env: { ...process.env, ...env }, encoding: "utf8" });

function bareRepo(name: string): string {
  const dir = join(tmp, `${name}.git`);
  git(["init", "--quiet", "--bare", "--initial-branch=main", dir]);
  return dir;
}

function filesAt(repo: string, ref = "main"): string[] {
  return git(["--git-dir", repo, "ls-tree", "-r", "--name-only", ref]).trim().split("\n").filter(Boolean).sort();
}

describeWithTools(
  [{ name: "git", how: "apt-get install git (scripts/test-tools/10-debian.sh)" }],
  "gitops push",
  () => {
    const plan = planOf(patched("moon", {}));
    const tree = treeFromArtifacts(gitopsArtifacts(plan));

    it("commits exactly the tree at gitops.path into an empty repository, with a clear message", () => {
      const repo = bareRepo("empty");
      const r = pushTree(plan, tree, { repo, env });
      expect(r.commit).toMatch(/^[0-9a-f]{40}$/);
      expect(filesAt(repo)).toEqual(tree.map((f) => `clusters/moon/${f.path}`).sort());
      for (const f of tree)
        expect(Buffer.from(git(["--git-dir", repo, "show", `main:clusters/moon/${f.path}`]), "utf8")).toEqual(
          Buffer.from(f.content),
        );
      const log = git(["--git-dir", repo, "log", "--format=%s%n%b%n%an", "-1", "main"]);
      expect(log).toContain("moonlab: update the moon lab's GitOps tree at clusters/moon/");
      expect(log).toContain("CozyStack v1.6.2");
      expect(git(["--git-dir", repo, "rev-list", "--count", "main"]).trim()).toBe("1");
      const mode = git(["--git-dir", repo, "ls-tree", "main", "clusters/moon/bootstrap/install.sh"]);
      expect(mode.startsWith("100755")).toBe(true);
    });

    it("--dry-run reports what would change and commits and pushes nothing", () => {
      const repo = bareRepo("dry");
      const r = pushTree(plan, tree, { repo, env, dryRun: true });
      expect(r.commit).toBeUndefined();
      expect([...(r.wouldChange ?? [])].sort()).toEqual(tree.map((f) => `clusters/moon/${f.path}`).sort());
      expect(git(["--git-dir", repo, "for-each-ref"]).trim()).toBe("");
    });

    it("replaces only its path: other files stay, files no longer rendered go, an identical tree commits nothing", () => {
      const repo = bareRepo("fleet");
      const seed = join(tmp, "seed");
      git(["clone", "--quiet", repo, seed]);
      git(["checkout", "--quiet", "-b", "main"], seed);
      execFileSync(
        "sh",
        ["-c", "mkdir -p clusters/other && echo keep > clusters/other/x.yaml && echo hi > README.md"],
        {
          cwd: seed,
        },
      );
      git(["add", "."], seed);
      git(["-c", "user.name=t", "-c", "user.email=t@t", "commit", "--quiet", "-m", "seed"], seed);
      git(["push", "--quiet", "origin", "main"], seed);

      const first = pushTree(plan, tree, { repo, env });
      expect(first.commit).toBeDefined();
      const fewer = tree.filter((f) => f.path !== "README.md");
      const second = pushTree(plan, fewer, { repo, env });
      expect(second.commit).toBeDefined();
      expect(filesAt(repo)).toEqual(
        ["README.md", "clusters/other/x.yaml", ...fewer.map((f) => `clusters/moon/${f.path}`)].sort(),
      );
      const again = pushTree(plan, fewer, { repo, env });
      expect(again.commit).toBeUndefined();
      expect(git(["--git-dir", repo, "rev-parse", "main"]).trim()).toBe(second.commit);
      expect(git(["--git-dir", repo, "rev-list", "--count", "main"]).trim()).toBe("3");
    });

    it("the CLI pushes the tree written under --out, and an unreachable repository exits 3", () => {
      const repo = bareRepo("cli");
      const out = join(tmp, "out");
      const cli = (args: string[]) =>
        spawnSync(process.execPath, [join(ROOT, "src/cli/main.ts"), ...args], {
          cwd: ROOT,
          env: { ...process.env, ...env },
          encoding: "utf8",
          timeout: 120_000,
        });
      // What `moonlab plan --out DIR` writes for this family (plan itself also needs the lab's secrets).
      writeArtifacts(out, gitopsArtifacts(plan));
      const r = cli(["gitops", "push", "--repo", repo, "--out", out]);
      // stderr holds only which spec was used (every verb says it).
      expect(r.stderr).toMatch(/^spec: [^\n]*\n$/);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/pushed \d+ files to .* main:clusters\/moon\/ in commit [0-9a-f]{12}/);
      expect(filesAt(repo)).toEqual(tree.map((f) => `clusters/moon/${f.path}`).sort());
      const bad = cli(["gitops", "push", "--repo", join(tmp, "no-such-repo.git")]);
      expect(bad.status).toBe(3);
      expect(bad.stderr).toMatch(/git clone failed/);
    }, 240_000);
  },
);
