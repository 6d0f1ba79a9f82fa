import { describe, expect, it } from "vitest";
import { chartImages } from "./chart-images.ts";

const f = (path: string, text: string) => ({ path, text });

describe("chartImages", () => {
  it("reads string refs, {repository, tag} objects, {registry, image} objects and appVersion tags", () => {
    const out = chartImages([
      f("packages/system/a/values.yaml", "a:\n  image: ghcr.io/x/a:v1\n  sidecarImage: quay.io/x/side:2\n"),
      f("packages/system/b/charts/b/Chart.yaml", "name: b\nappVersion: v9\n"),
      f("packages/system/b/charts/b/values.yaml", "image:\n  repository: quay.io/x/b\n"),
      f(
        "packages/system/c/values.yaml",
        "backend:\n  image:\n    registry: registry.k8s.io\n    image: defaultbackend-amd64\n    tag: '1.5'\n",
      ),
    ]);
    expect(out.map((i) => `${i.component} ${i.image} ${i.source}`)).toEqual([
      "system/a ghcr.io/x/a:v1 packages/system/a/values.yaml:a.image",
      "system/a quay.io/x/side:2 packages/system/a/values.yaml:a.sidecarImage",
      "system/b quay.io/x/b:v9 packages/system/b/charts/b/values.yaml:image",
      "system/c registry.k8s.io/defaultbackend-amd64:1.5 packages/system/c/values.yaml:backend.image",
    ]);
  });

  it("applies the wrapper's override (under the subchart's key) over the vendored default", () => {
    const out = chartImages([
      f(
        "packages/system/m/charts/metallb/values.yaml",
        "controller:\n  image:\n    repository: quay.io/metallb/controller\n    tag: v0.15\n",
      ),
      f(
        "packages/system/m/values.yaml",
        "metallb:\n  controller:\n    image:\n      repository: ghcr.io/c/metallb-controller\n      tag: v1@sha256:" +
          "b".repeat(64) +
          "\n",
      ),
    ]);
    expect(out.map((i) => i.image)).toEqual([`ghcr.io/c/metallb-controller:v1@sha256:${"b".repeat(64)}`]);
  });

  it("uses global.registry.address for repositories without a host, and skips templated values", () => {
    const out = chartImages([
      f(
        "packages/system/k/values.yaml",
        "global:\n  registry:\n    address: ghcr.io/c\n  images:\n    ovn:\n      repository: kubeovn\n      tag: v1\nother:\n  image: '{{ .Values.x }}'\n",
      ),
    ]);
    expect(out.map((i) => i.image)).toEqual(["ghcr.io/c/kubeovn:v1"]);
  });
});
