// Step 4: the talosconfig (os:admin client of the lab's own PKI) in `.moonlab/<lab>/`, owner-only. Written before
// the Talos steps because they use it; derived from the secrets bundle, so it never needs the cluster.

import { LabError } from "../../errors.ts";
import { talosconfigYaml } from "../../render/talos/talosconfig.ts";
import type { GraphStep } from "../step-graph.ts";
import type { BringUpContext } from "./context.ts";
import { ownerOnlyProblem, writeOwnerOnly } from "./files.ts";
import { TALOSCONFIG } from "./talos.ts";

const expected = (ctx: BringUpContext): string => {
  if (!ctx.secrets.talos) throw new LabError("the lab has no Talos secrets bundle: run `moonlab plan` first", 2);
  return talosconfigYaml(ctx.plan, ctx.secrets.talos);
};

export const talosconfigStep: GraphStep<BringUpContext> = {
  id: "talosconfig",
  title: "talosconfig written owner-only",
  fix: "check that you own `.moonlab/<lab>/` beside the spec and can write to it",
  async isDone(ctx) {
    const p = ownerOnlyProblem(ctx.stateDir, TALOSCONFIG, expected(ctx));
    return p ? { done: false, evidence: p } : { done: true, evidence: `${ctx.stateDir}/${TALOSCONFIG} (0600)` };
  },
  async run(ctx) {
    return `wrote ${writeOwnerOnly(ctx.stateDir, TALOSCONFIG, expected(ctx))}`;
  },
};
