// Talos extensions: known names only, no duplicates, and Tailscale only in the gateway group (Tailscale on every
// node kept the original lab's nodes from ever becoming Ready).
import { KNOWN_EXTENSIONS } from "../../versions/matrix.ts";
import { issue, type SpecIssue } from "../issue.ts";
import type { Rule } from "./rule.ts";

export const extensionsRule: Rule = (spec) => {
  const out: SpecIssue[] = [];
  for (const group of ["gateway", "compute"] as const) {
    const list = spec.talos.extensions[group];
    const seen = new Set<string>();
    list.forEach((ext, i) => {
      const path = `talos.extensions.${group}[${i}]`;
      if (!KNOWN_EXTENSIONS.includes(ext))
        out.push(
          issue("talos.extension-unknown", path, "unknown Talos system extension", {
            received: ext,
            allowed: KNOWN_EXTENSIONS.join(", "),
            fix: "use an official extension name such as siderolabs/spin",
          }),
        );
      if (seen.has(ext))
        out.push(
          issue("talos.extension-duplicate", path, "extension listed twice", {
            received: ext,
            fix: "remove the repeat",
          }),
        );
      seen.add(ext);
      if (ext === "siderolabs/tailscale" && group !== "gateway")
        out.push(
          issue("talos.tailscale-outside-gateway", path, "Tailscale belongs to the gateway group only", {
            received: ext,
            allowed: "siderolabs/tailscale in talos.extensions.gateway",
            fix: `remove siderolabs/tailscale from talos.extensions.${group}`,
          }),
        );
    });
  }
  return out;
};
