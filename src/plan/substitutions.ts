// Image substitutions resolved: each replacement is delivered into the lab registry under the original name with
// the upstream host as a path prefix (10.10.0.100:5000/quay.io/kubevirt/cdi-operator:v1.61.0), so one lab
// registry serves substitutes for every upstream without two upstreams' repositories colliding, and the Talos
// mirror of that upstream reaches it with overridePath (http://<lab>/v2/<upstream>).
import { formatImageName, parseImageName } from "../lib/image-name.ts";
import type { PlanSubstitution } from "./types.ts";

export function planSubstitutions(
  subs: readonly { readonly image: string; readonly replacement: string }[],
  labRegistry: string,
): PlanSubstitution[] {
  const out: PlanSubstitution[] = [];
  for (const s of subs) {
    const image = parseImageName(s.image);
    const replacement = parseImageName(s.replacement);
    // Validation reports unparsable entries (images.substitution-*); the plan keeps only the valid ones.
    if (!image || !replacement || image.tag === undefined || image.digest !== undefined) continue;
    out.push({
      image: formatImageName({ registry: image.registry, repository: image.repository, tag: image.tag }),
      replacement: formatImageName(replacement),
      delivered: `${labRegistry}/${image.registry}/${image.repository}:${image.tag}`,
      registry: image.registry,
    });
  }
  return out;
}
