// Versions must come from the pinned matrix, as a supported Talos + CozyStack pair.
import {
  COZYSTACK_RELEASES,
  findCozystack,
  findTalos,
  TALOS_RELEASES,
  unsupportedPair,
} from "../../versions/matrix.ts";
import { issue, type SpecIssue } from "../issue.ts";
import type { Rule } from "./rule.ts";

export const versionsRule: Rule = (spec) => {
  const out: SpecIssue[] = [];
  const t = findTalos(spec.talos.version);
  const c = findCozystack(spec.cozystack.version);
  if (!t)
    out.push(
      issue("talos.version-unsupported", "talos.version", "Talos version is not in moonlab's version matrix", {
        received: spec.talos.version,
        allowed: TALOS_RELEASES.map((r) => r.version).join(", "),
        fix: "pick a version from the matrix",
      }),
    );
  if (!c)
    out.push(
      issue(
        "cozystack.version-unsupported",
        "cozystack.version",
        "CozyStack version is not in moonlab's version matrix",
        {
          received: spec.cozystack.version,
          allowed: COZYSTACK_RELEASES.map((r) => r.version).join(", "),
          fix: "pick a version from the matrix",
        },
      ),
    );
  if (t && c) {
    const why = unsupportedPair(t.version, c.version);
    if (why)
      out.push(
        issue("versions.unsupported-pair", "talos.version", why, {
          received: `${t.version} + CozyStack ${c.version}`,
          allowed: `Talos ${c.talosMinors.join(", ")}.x`,
          fix: `use Talos ${c.pinnedTalos} with CozyStack ${c.version}`,
        }),
      );
  }
  return out;
};
