import { describe, expect, it } from "vitest";
import { patched, planOf } from "../../test/support/lab.ts";
import { ArtifactTree } from "../artifacts/tree.ts";
import { type Check, fail, notApplicable, pass } from "./check.ts";
import { succeeded, summarize } from "./result.ts";
import { loadCheck, runLive, runPlan } from "./run-suite.ts";

const base = { test: "T01" as const, title: "t", given: "g", when: "w", then: "t", why: "y" };
const mk = (id: string, extra: Partial<Check>): Check => ({ id, ...base, ...extra });

describe("check engine", () => {
  const plan = planOf(
    patched("moon", {
      acknowledgements: [
        { id: "t01/acked", reason: "known and accepted in the lab" },
        { id: "cozystack.arm64-experimental", reason: "validating arm64 on purpose" },
      ],
    }),
  );
  const target = { plan, artifacts: new ArtifactTree([]) };

  it("reports every result kind and never crashes on a throwing check", () => {
    const results = runPlan(
      [
        mk("x/pass", { plan: () => pass("ok") }),
        mk("x/fail", { plan: () => fail("bad") }),
        mk("x/na", { plan: () => notApplicable("not on this target") }),
        mk("x/throws", {
          plan: () => {
            throw new Error("boom at 10.0.0.1:8080");
          },
        }),
        mk("t01/acked", { plan: () => fail("known") }),
        mk("x/live-only", { live: async () => pass() }),
        mk("x/garbage", { plan: () => ({ nope: true }) as never }),
      ],
      target,
    );
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ["x/pass", "pass"],
      ["x/fail", "fail"],
      ["x/na", "not-applicable"],
      ["x/throws", "error"],
      ["t01/acked", "fail"],
      ["x/live-only", "not-applicable"],
      ["x/garbage", "error"],
    ]);
    expect(results[3]?.reason).toBe("boom at 10.0.0.1:8080");
    expect(results[4]?.acknowledged).toBe("known and accepted in the lab");
    expect(summarize(results)).toEqual({
      total: 7,
      passed: 1,
      failed: 1,
      acknowledged: 1,
      notApplicable: 2,
      errors: 2,
    });
    expect(succeeded(results)).toBe(false);
    expect(succeeded(results.filter((r) => r.id !== "x/fail" && r.status !== "error"))).toBe(true);
  });

  it("runs live predicates and turns rejections into errors", async () => {
    const results = await runLive(
      [
        mk("x/a", { live: async () => pass("up") }),
        mk("x/b", { live: async () => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:5050")) }),
        mk("x/c", { plan: () => pass() }),
      ],
      { plan, ports: {} },
    );
    expect(results.map((r) => r.status)).toEqual(["pass", "error", "not-applicable"]);
    expect(results[1]?.reason).toContain("127.0.0.1:5050");
  });

  it("loads checks by id and refuses ids that do not match their file", async () => {
    const c = loadCheck("t01/addresses-unique");
    expect(c.id).toBe("t01/addresses-unique");
    expect(() => loadCheck("../etc/passwd")).toThrow(/not a check id/);
    expect(() => loadCheck("t01/does-not-exist")).toThrow();
  });
});
