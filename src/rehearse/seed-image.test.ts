import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { pullRequests, seedImage } from "./seed-image.ts";

describe("seedImage", () => {
  it("is byte-stable and its manifest names its blobs by their digests", () => {
    const a = seedImage();
    expect(a.manifest.equals(seedImage().manifest)).toBe(true);
    const m = JSON.parse(a.manifest.toString()) as { config: { digest: string }; layers: { digest: string }[] };
    const digests = a.blobs.map((b) => `sha256:${createHash("sha256").update(b.data).digest("hex")}`);
    expect(digests).toEqual(a.blobs.map((b) => b.digest));
    expect([m.config.digest, ...m.layers.map((l) => l.digest)]).toEqual(digests);
  });
  it("pulls the manifest by tag then every blob, through the given cache", () => {
    const r = pullRequests("http://10.0.0.2:5050", seedImage());
    expect(r.map((x) => x.url)).toEqual([
      "http://10.0.0.2:5050/v2/moonlab/rehearse-seed/manifests/v1",
      ...seedImage().blobs.map((b) => `http://10.0.0.2:5050/v2/moonlab/rehearse-seed/blobs/${b.digest}`),
    ]);
    expect(r[0]?.accept).toBe("application/vnd.oci.image.manifest.v1+json");
  });
});
