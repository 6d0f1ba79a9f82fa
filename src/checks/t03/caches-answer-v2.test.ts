import { describe, expect, it } from "vitest";
import { bastionTarget, labs, liveTarget } from "../../../test/fakes/bastion-tree.ts";
import { brokenHttp, fixedHttp } from "../../../test/fakes/http.ts";
import check from "./caches-answer-v2.ts";

const moon = labs.moon();
const all200 = (): Record<string, { status?: number; body?: string }> =>
  Object.fromEntries(
    [...moon.caches.map((c) => `${c.endpoint}/v2/`), `${moon.services.registry.url}/v2/`].map((u) => [
      u,
      { body: "{}" },
    ]),
  );

describe("t03/caches-answer-v2", () => {
  it("plan: passes with every cache on its port proxying its upstream", () => {
    const o = check.plan?.(bastionTarget(moon));
    expect(o?.status).toBe("pass");
    expect(o?.evidence).toContain("cache-docker-io :5050 -> https://registry-1.docker.io");
  });
  it("plan: fails on a wrong port or upstream", () => {
    const o = check.plan?.(
      bastionTarget(moon, {
        "bastion/registry/cache-gcr-io/config.yml": (t) => t.replace(":5053", ":5999"),
        "bastion/registry/cache-ghcr-io/config.yml": (t) => t.replace("https://ghcr.io", "https://example.org"),
      }),
    );
    expect(o?.status).toBe("fail");
    expect(o?.evidence).toEqual([
      "cache-gcr-io listens on :5999, not :5053",
      "cache-ghcr-io proxies https://example.org, not https://ghcr.io",
    ]);
  });
  it("live: passes when every /v2/ answers 200, fails on a 401", async () => {
    expect((await check.live?.(liveTarget(moon, { http: fixedHttp(all200()) })))?.status).toBe("pass");
    const routes = all200();
    routes[`${moon.caches[0]?.endpoint}/v2/`] = { status: 401 };
    const o = await check.live?.(liveTarget(moon, { http: fixedHttp(routes) }));
    expect(o?.status).toBe("fail");
    expect(o?.evidence).toEqual(["GET http://10.10.0.100:5050/v2/ -> 401 (want 200)"]);
  });
  it("live: not applicable without HTTP access; throws when unreachable", async () => {
    expect((await check.live?.(liveTarget(moon, {})))?.status).toBe("not-applicable");
    await expect(check.live?.(liveTarget(moon, { http: brokenHttp() }))).rejects.toThrow(/10\.10\.0\.100:5050/);
  });
});
