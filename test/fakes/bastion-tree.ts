// Rendered trees for the T03/T04 check tests: the bastion (and Talos) families of an example lab, with optional
// edits to single files so a test can break exactly one thing.

import type { Artifact } from "../../src/artifacts/artifact.ts";
import { textOf } from "../../src/artifacts/artifact.ts";
import { ArtifactTree } from "../../src/artifacts/tree.ts";
import type { LiveTarget, PlanTarget } from "../../src/checks/check.ts";
import type { Plan } from "../../src/plan/types.ts";
import type { Ports } from "../../src/ports/ports.ts";
import { renderAws } from "../../src/render/aws/index.ts";
import { renderBastion } from "../../src/render/bastion/index.ts";
import { renderTalos } from "../../src/render/talos/index.ts";
import type { LabSecrets } from "../../src/secrets/types.ts";
import { patched, planOf } from "../support/lab.ts";

export const LOCAL_PATCH = {
  target: "local",
  arch: "amd64",
  network: { dhcp: { mode: "full", range: { start: "10.17.13.160", end: "10.17.13.179" } } },
};

export const labs = {
  moon: (): Plan => planOf(patched("moon", {})),
  home: (): Plan => planOf(patched("home", {})),
  local: (): Plan => planOf(patched("home", LOCAL_PATCH)),
};

export type Edit = (text: string) => string | undefined;

/** Plan target over the rendered bastion family (+ Talos when secrets are given, + AWS on request); edits replace or
 * drop files. */
export function bastionTarget(
  plan: Plan,
  edits: Readonly<Record<string, Edit>> = {},
  secrets?: LabSecrets,
  options: { readonly aws?: boolean } = {},
): PlanTarget {
  const arts: Artifact[] = [
    ...renderBastion(plan, secrets ?? {}, {}),
    ...(secrets ? renderTalos(plan, secrets, {}) : []),
    ...(options.aws ? renderAws(plan, secrets ?? {}, {}) : []),
  ];
  const out: Artifact[] = [];
  for (const a of arts) {
    const edit = edits[a.path];
    if (!edit) {
      out.push(a);
      continue;
    }
    const next = edit(textOf(a));
    if (next !== undefined) out.push({ ...a, content: next });
  }
  return { plan, artifacts: new ArtifactTree(out) };
}

export function liveTarget(plan: Plan, ports: Partial<Ports>): LiveTarget {
  return { plan, ports };
}

/** Edits a JSON artifact. */
export const jsonEdit =
  // biome-ignore lint/suspicious/noExplicitAny: tests poke at arbitrary fields of rendered JSON
    (f: (o: any) => void): Edit =>
    (text) => {
      const o = JSON.parse(text);
      f(o);
      return `${JSON.stringify(o, null, 2)}\n`;
    };
