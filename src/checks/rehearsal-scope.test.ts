import { describe, expect, it } from "vitest";
import { NEEDS, scopeToRehearsal } from "./rehearsal-scope.ts";
import type { Result } from "./result.ts";

const marker = {
  runs: "kube-apiserver",
  absent: ["helm-controller", "kubevirt"],
  fleetRepo: "http://127.0.0.1:1/f.git",
};
const r = (id: string, status: Result["status"], mode: Result["mode"] = "live"): Result => ({
  id,
  test: "T05",
  title: id,
  mode,
  status,
  evidence: ["saw X"],
});

describe("live results against a cluster rehearsal", () => {
  it("keeps passes, turns a failure that needs an absent component into not-applicable naming it", () => {
    const out = scopeToRehearsal(
      [
        r("t05/kubevirt-running", "fail"),
        r("t05/spin-runtime-class", "pass"),
        r("t07/flux-sync-from-plan", "fail"),
        r("t05/kubevirt-running", "fail", "plan"),
      ],
      marker,
    );
    expect(out.map((x) => x.status)).toEqual(["not-applicable", "pass", "fail", "fail"]);
    expect(out[0]?.reason).toContain("kubevirt");
    expect(out[0]?.evidence[0]).toContain("saw X");
  });

  it("leaves a failure whose component runs in the rehearsal a failure", () => {
    const out = scopeToRehearsal([r("t05/cozystack-package-configured", "fail")], { ...marker, absent: ["kubevirt"] });
    expect(out[0]?.status).toBe("fail");
  });

  it("names the needs of exactly the live Kubernetes checks of T05, T07, T10, T11, T12", () => {
    expect(Object.keys(NEEDS).every((id) => /^t(05|07|10|11|12)\//.test(id))).toBe(true);
  });
});
