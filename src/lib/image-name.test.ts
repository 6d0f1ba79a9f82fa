import { describe, expect, it } from "vitest";
import { formatImageName, imageRepository, manifestReference, normaliseImage, parseImageName } from "./image-name.ts";

describe("image names as containerd resolves them", () => {
  it("normalises Docker Hub names and keeps hosts with dots or ports", () => {
    expect(normaliseImage("busybox")).toBe("docker.io/library/busybox");
    expect(normaliseImage("curlimages/curl:8")).toBe("docker.io/curlimages/curl:8");
    expect(normaliseImage("10.10.0.100:5000/moonlab/hello-spin:0.1.0")).toBe(
      "10.10.0.100:5000/moonlab/hello-spin:0.1.0",
    );
    expect(normaliseImage("index.docker.io/library/registry:3")).toBe("docker.io/library/registry:3");
  });

  it("splits tag and digest; pulls by digest when both are given", () => {
    const d = `sha256:${"a".repeat(64)}`;
    const n = parseImageName(`ghcr.io/cozystack/cozystack/kilo:v1.5.0@${d}`);
    expect(n).toEqual({ registry: "ghcr.io", repository: "cozystack/cozystack/kilo", tag: "v1.5.0", digest: d });
    expect(manifestReference(n ?? { registry: "", repository: "" })).toBe(d);
    expect(imageRepository(n ?? { registry: "", repository: "" })).toBe("ghcr.io/cozystack/cozystack/kilo");
    expect(formatImageName({ registry: "quay.io", repository: "a/b" })).toBe("quay.io/a/b");
  });

  it("refuses what is not a reference", () => {
    for (const s of ["", "{{ .Values.image }}", "Not/Upper", "a b", "quay.io/a:b@sha256:short", "::"])
      expect(parseImageName(s), s).toBeUndefined();
  });
});
