import { describe, expect, it } from "vitest";
import { labs, liveTarget } from "../../../test/fakes/bastion-tree.ts";
import { fixedHttp } from "../../../test/fakes/http.ts";
import { configUrl, profileOf, selectorQuery } from "../../render/bastion/matchbox.ts";
import check from "./matchbox-selects-node.ts";

function routes(plan = labs.moon()) {
  const r: Record<string, { body: string }> = {};
  for (const n of plan.nodes) {
    const p = profileOf(plan, n);
    r[`${plan.services.matchbox.url}/ipxe?${selectorQuery(n.selector)}`] = {
      body: `#!ipxe\nkernel ${p.boot.kernel} ${p.boot.args.join(" ")}\ninitrd ${p.boot.initrd[0]}\nboot\n`,
    };
    r[configUrl(plan, n)] = { body: `version: v1alpha1\n# ${n.name}\n` };
  }
  return r;
}

describe("t04/matchbox-selects-node", () => {
  it("passes when each node gets its profile and config and a stranger gets 404", async () => {
    const o = await check.live?.(liveTarget(labs.moon(), { http: fixedHttp(routes()) }));
    expect(o?.status).toBe("pass");
    expect(o?.evidence).toContain("unknown machine (node=not-a-node) -> 404");
  });
  it("fails when matchbox has a default group (strangers get a profile) or a config is missing", async () => {
    const plan = labs.moon();
    const r: Record<string, { body: string }> = routes(plan);
    r[`${plan.services.matchbox.url}/ipxe?node=not-a-node`] = { body: "#!ipxe\nkernel /assets/x\n" };
    delete r[configUrl(plan, plan.nodes[1] as (typeof plan.nodes)[number])];
    const o = await check.live?.(liveTarget(plan, { http: fixedHttp(r) }));
    expect(o?.status).toBe("fail");
    expect(o?.evidence).toEqual([
      "moon-compute-1: http://10.10.0.100:8080/generic?node=moon-compute-1 -> 404",
      "an unknown machine (node=not-a-node) got 200, want 404",
    ]);
  });
});
