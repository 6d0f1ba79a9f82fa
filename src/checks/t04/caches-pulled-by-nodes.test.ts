import { describe, expect, it } from "vitest";
import { fakeBastion } from "../../../test/fakes/bastion.ts";
import { labs, liveTarget } from "../../../test/fakes/bastion-tree.ts";
import check from "./caches-pulled-by-nodes.ts";

const plan = labs.moon();
const pull = (ip: string, what: string) =>
  `${ip} - - [26/Nov/2026:12:15:17 +0000] "GET /v2/${what} HTTP/1.1" 200 529 "" "containerd/v2.1.4"`;

describe("t04/caches-pulled-by-nodes", () => {
  it("passes when every node's address pulled through some cache", async () => {
    const files = {
      "/var/log/moonlab/cache-factory-talos-dev.log": plan.nodes
        .map((n) => pull(n.address, "metal-installer/abc/manifests/v1.13.6"))
        .join("\n"),
      "/var/log/moonlab/cache-ghcr-io.log": pull("10.10.0.101", "cozystack/x/blobs/sha256:00"),
    };
    const o = await check.live?.(liveTarget(plan, { bastion: fakeBastion({ files }) }));
    expect(o?.status).toBe("pass");
    expect(o?.evidence[0]).toBe("moon-gateway-1 (10.10.0.101) pulled through cache-factory-talos-dev, cache-ghcr-io");
  });
  it("fails for a node that only hit /v2/ or got errors", async () => {
    const files = {
      "/var/log/moonlab/cache-docker-io.log": [
        pull("10.10.0.101", "library/x/manifests/1"),
        pull("10.10.0.102", "library/x/manifests/1"),
        `10.10.0.103 - - [26/Nov/2026:12:15:17 +0000] "GET /v2/ HTTP/1.1" 200 2 "" "containerd"`,
        `10.10.0.103 - - [26/Nov/2026:12:15:17 +0000] "GET /v2/library/x/manifests/1 HTTP/1.1" 404 2 "" "containerd"`,
      ].join("\n"),
    };
    const o = await check.live?.(liveTarget(plan, { bastion: fakeBastion({ files }) }));
    expect(o?.status).toBe("fail");
    expect(o?.evidence).toEqual(["no cache logged a pull from moon-compute-2 (10.10.0.103)"]);
  });
  it("is not applicable before any node pulled anything (e.g. a rehearsal's test payload)", async () => {
    const files = {
      "/var/log/moonlab/cache-docker-io.log": `10.10.0.5 - - [26/Nov/2026:12:15:17 +0000] "GET /v2/ HTTP/1.1" 200 2 "" "curl"`,
    };
    const o = await check.live?.(liveTarget(plan, { bastion: fakeBastion({ files }) }));
    expect(o?.status).toBe("not-applicable");
  });
});
