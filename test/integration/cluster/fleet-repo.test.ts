// The rehearsal's fleet repository and loopback git server: real git clones the rendered tree over smart HTTP from
// `git http-backend`, at plan.gitops.path, with the loopback URL rendered into the sync GitRepository.
import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, expect, it } from "vitest";
import { createFleetRepo } from "../../../src/rehearse/cluster/fleet-repo.ts";
import { startGitServer } from "../../../src/rehearse/cluster/git-server.ts";
import { exampleObject, planOf } from "../../support/lab.ts";
import { describeWithTools } from "../../support/tools.ts";

const tmp = mkdtempSync(join(tmpdir(), "moonlab-fleet-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describeWithTools([{ name: "git", how: "apt-get install git" }], "the rehearsal's fleet repository", () => {
  it("is cloned over smart HTTP with the tree at gitops.path and the loopback URL in the sync source", async () => {
    const plan = planOf(exampleObject("moon"));
    const server = await startGitServer(join(tmp, "srv"));
    try {
      const repo = createFleetRepo(plan, join(tmp, "srv"), `${server.url}/fleet.git`);
      const clone = join(tmp, "clone");
      // Asynchronously: the server answers from this very process.
      await promisify(execFile)(
        "git",
        ["clone", "-q", "--branch", plan.gitops.branch, `${server.url}/fleet.git`, clone],
        {
          timeout: 30_000,
        },
      );
      expect(execFileSync("git", ["-C", clone, "rev-parse", "HEAD"], { encoding: "utf8" }).trim()).toBe(repo.commit);
      const base = join(clone, plan.gitops.path.replace(/^\.?\//, ""));
      expect(existsSync(join(base, "flux", "kustomization.yaml"))).toBe(true);
      expect(readFileSync(join(base, "flux", "sync.yaml"), "utf8")).toContain(`url: ${server.url}/fleet.git`);
      expect(server.requests()).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  }, 60_000);
});
