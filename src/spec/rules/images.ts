// images.substitutions: each names a tagged image and a replacement. A substitute reaches the nodes through Talos
// registry mirrors, which answer the reference containerd asks for: a tag can be answered by the lab registry with
// another image, a digest cannot (content addressing), so digest-pinned images are refused with the reason.
import { createRequire } from "node:module";
import { formatImageName, imageRepository, parseImageName } from "../../lib/image-name.ts";
import { findTalos } from "../../versions/matrix.ts";
import type { ReleaseImages } from "../../versions/release-images.ts";
import { issue, type SpecIssue } from "../issue.ts";
import type { Rule } from "./rule.ts";

// The release's image table (172 images, 40 kB of source) is loaded on first use: only a spec with substitutions
// needs it, and `moonlab validate` should not pay for it otherwise. A rule is synchronous, hence require (Node's
// require of an ES module) rather than import().
const require = createRequire(import.meta.url);
let tables: Readonly<Record<string, ReleaseImages>> | undefined;
function releaseTables(): Readonly<Record<string, ReleaseImages>> {
  if (tables === undefined) {
    const { COZYSTACK_V1_6_2_IMAGES: t } = require("../../versions/cozystack-images.ts") as {
      COZYSTACK_V1_6_2_IMAGES: ReleaseImages;
    };
    tables = { [t.version]: t };
  }
  return tables;
}

/** The digest-pinned reference the release's charts use for repository:tag, if they pin it by digest. */
function pinnedByDigest(version: string, image: string): string | undefined {
  for (const i of releaseTables()[version]?.images ?? []) {
    const n = parseImageName(i.image);
    if (n?.digest && n.tag && formatImageName({ registry: n.registry, repository: n.repository, tag: n.tag }) === image)
      return i.image;
  }
  return undefined;
}

export const imagesRule: Rule = (spec) => {
  const out: SpecIssue[] = [];
  const seen = new Set<string>();
  if (spec.images.substitutions.length > 0 && findTalos(spec.talos.version)?.minor === "v1.11")
    out.push(
      issue(
        "images.substitution-talos-line",
        "images.substitutions",
        "substitutes reach the nodes through per-endpoint mirror paths (RegistryMirrorConfig), which Talos v1.11's machine.registries cannot express",
        { received: spec.talos.version, fix: "use Talos v1.13 (CozyStack v1.x), or remove the substitutions" },
      ),
    );
  spec.images.substitutions.forEach((s, i) => {
    const path = `images.substitutions[${i}]`;
    const image = parseImageName(s.image);
    const replacement = parseImageName(s.replacement);
    if (!image)
      out.push(
        issue("images.substitution-invalid", `${path}.image`, "not an image reference", {
          received: s.image,
          allowed: "registry/repository:tag as `moonlab images` prints it",
          fix: "copy the image name from the `moonlab images` report",
        }),
      );
    else if (image.digest !== undefined)
      out.push(
        issue(
          "images.substitution-digest-pinned",
          `${path}.image`,
          "a digest names one content: no mirror can serve another image under it",
          {
            received: s.image,
            fix: "name the image by its tag; an image the charts pin by digest cannot be substituted through mirrors",
          },
        ),
      );
    else if (image.tag === undefined)
      out.push(
        issue("images.substitution-needs-tag", `${path}.image`, "the mirror answers the tag the nodes pull; name it", {
          received: s.image,
          fix: "add the tag the lab pulls, e.g. quay.io/kubevirt/cdi-operator:v1.61.0 (see `moonlab images`)",
        }),
      );
    else {
      const name = formatImageName(image);
      const pinned = pinnedByDigest(spec.cozystack.version, name);
      if (pinned)
        out.push(
          issue(
            "images.substitution-digest-pinned",
            `${path}.image`,
            `CozyStack ${spec.cozystack.version} pulls ${pinned}: containerd asks the mirrors for that digest, which only the original content has`,
            {
              received: s.image,
              fix: `remove the substitution and acknowledge the gap (image.no-${spec.arch}:${imageRepository(image)}), or run a CozyStack build whose values pin your image`,
            },
          ),
        );
      if (seen.has(name))
        out.push(
          issue("images.substitution-duplicate", `${path}.image`, "this image is substituted twice", {
            received: s.image,
            fix: "keep one substitution per image",
          }),
        );
      seen.add(name);
    }
    if (!replacement)
      out.push(
        issue("images.substitution-invalid", `${path}.replacement`, "not an image reference", {
          received: s.replacement,
          allowed: "registry/repository:tag or registry/repository@sha256:...",
          fix: "name the image you built or found, with its registry",
        }),
      );
  });
  return out;
};
