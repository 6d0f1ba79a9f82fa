// The chart-values extractor over a real CozyStack release (v1.6.1, fetched pinned from the Go module proxy by
// scripts/test-tools/35-cozystack-release.sh), and the committed v1.6.2 table it produced checked against it: the
// lab pins v1.6.2, which the proxy refuses, so its table is committed with its provenance.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { expect, it } from "vitest";
import { chartImages } from "../../../src/lib/chart-images.ts";
import { imageRepository, parseImageName } from "../../../src/lib/image-name.ts";
import { COZYSTACK_V1_6_2_IMAGES } from "../../../src/versions/cozystack-images.ts";
import { describeWithTools, requireTool } from "../../support/tools.ts";

function walk(d: string): string[] {
  return readdirSync(d, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(d, e.name)) : /^(values|Chart)\.yaml$/.test(e.name) ? [join(d, e.name)] : [],
  );
}

const repoKey = (component: string, image: string) => {
  const n = parseImageName(image);
  return `${component} ${n ? imageRepository(n) : image}`;
};

it("the committed v1.6.2 table says where it was read and why not from a registry", () => {
  expect(COZYSTACK_V1_6_2_IMAGES.provenance).toMatch(/commit bfde94fd26d35c5f0281a1285f194e7ca3041b6a/);
  expect(COZYSTACK_V1_6_2_IMAGES.provenance).toMatch(/Go module proxy refuses the v1\.6\.2 module zip/);
  for (const i of COZYSTACK_V1_6_2_IMAGES.images) expect(parseImageName(i.image), i.image).toBeDefined();
});

describeWithTools(
  [
    {
      name: "cozystack-release-v1.6.1",
      how: "scripts/install-test-tools.sh (scripts/test-tools/35-cozystack-release.sh)",
    },
  ],
  "CozyStack's real chart values",
  () => {
    const dir = execFileSync(requireTool("cozystack-release-v1.6.1"), { encoding: "utf8" }).trim();
    const files = walk(join(dir, "packages")).map((p) => ({ path: relative(dir, p), text: readFileSync(p, "utf8") }));
    const images = chartImages(files);

    it("finds the images the way CozyStack's values name them", () => {
      const has = (component: string, re: RegExp) =>
        expect(images.filter((i) => i.component === component).map((i) => i.image)).toContainEqual(
          expect.stringMatching(re),
        );
      // digest-pinned string refs
      has("system/cozystack-api", /^ghcr\.io\/cozystack\/cozystack\/cozystack-api:v1\.6\.1@sha256:[a-f0-9]{64}$/);
      // {registry, image, tag} (ingress-nginx) and the amd64-only default backend
      has("system/ingress-nginx", /^registry\.k8s\.io\/defaultbackend-amd64:/);
      // kube-ovn: global.registry.address + global.images.<x>.repository
      has("system/kubeovn", /^ghcr\.io\/cozystack\/cozystack\/kubeovn:v[\d.]+@sha256:/);
      // a wrapper's override wins over the vendored chart's default
      expect(images.filter((i) => i.component === "system/metallb").map((i) => i.image)).not.toContainEqual(
        expect.stringMatching(/^quay\.io\/metallb\/controller/),
      );
      has("system/metallb", /^ghcr\.io\/cozystack\/cozystack\/metallb-controller:/);
    });

    it("the committed v1.6.2 table and v1.6.1 name nearly the same repositories per component (printed)", () => {
      const a = new Set(images.map((i) => repoKey(i.component, i.image)));
      const b = new Set(COZYSTACK_V1_6_2_IMAGES.images.map((i) => repoKey(i.component, i.image)));
      const common = [...b].filter((k) => a.has(k)).length;
      const ratio = common / b.size;
      process.stdout.write(
        `cozystack images: v1.6.1 ${images.length} (${a.size} component+repository), committed v1.6.2 ${COZYSTACK_V1_6_2_IMAGES.images.length} (${b.size}); ${common} shared = ${(ratio * 100).toFixed(1)}% of v1.6.2\n`,
      );
      expect(ratio).toBeGreaterThan(0.9);
    });
  },
);
