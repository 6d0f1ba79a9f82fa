import { describe, expect, it } from "vitest";
import { bastionTarget, labs } from "../../../test/fakes/bastion-tree.ts";
import { fixtureSecrets } from "../../../test/fakes/secrets.ts";
import { patched, planOf } from "../../../test/support/lab.ts";
import check from "./cache-ports-match-talos-mirrors.ts";

describe("t03/cache-ports-match-talos-mirrors", () => {
  it("passes when the Talos mirrors point at the caches (both multi-doc and v1alpha1 mirrors)", async () => {
    const secrets = await fixtureSecrets();
    expect(check.plan?.(bastionTarget(labs.moon(), {}, secrets))?.status).toBe("pass");
    expect(check.plan?.(bastionTarget(labs.home(), {}, secrets))?.status).toBe("pass");
    // Talos 1.11: mirrors in v1alpha1 machine.registries.mirrors instead of RegistryMirrorConfig documents.
    const v011 = planOf(
      patched("home", { talos: { version: "v1.11.5" }, cozystack: { version: "v0.41.11", variant: "paas-full" } }),
    );
    const t = bastionTarget(v011, {}, secrets);
    expect(t.artifacts.text("talos/home-compute-1.yaml")).toContain("registries:");
    expect(check.plan?.(t)?.status).toBe("pass");
    const broken = bastionTarget(v011, { "talos/home-compute-1.yaml": (x) => x.replace(":5050", ":6050") }, secrets);
    expect(check.plan?.(broken)?.status).toBe("fail");
  });
  it("fails when one node's mirror has another port", async () => {
    const secrets = await fixtureSecrets();
    const o = check.plan?.(
      bastionTarget(labs.moon(), { "talos/moon-compute-1.yaml": (t) => t.replace(":5052", ":6052") }, secrets),
    );
    expect(o?.status).toBe("fail");
    expect(o?.evidence).toEqual([
      "talos/moon-compute-1.yaml: quay.io mirror http://10.10.0.100:6052, but the cache is http://10.10.0.100:5052",
    ]);
  });
  it("is not applicable when no machine configs were rendered", () => {
    expect(check.plan?.(bastionTarget(labs.moon()))?.status).toBe("not-applicable");
  });
});
