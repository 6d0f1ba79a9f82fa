// Step 2: the machine configs are on the bastion (matchbox generic templates, secret, never in the rendered tree):
// done when every file on the bastion is byte-identical to what the lab's secrets render (`moonlab bastion push`).
import { pushBastionSecrets } from "../../adapters/bastion/push-secrets.ts";
import { bastionSecretFiles } from "../../render/bastion/secret-files.ts";
import type { GraphStep } from "../step-graph.ts";
import type { BringUpContext } from "./context.ts";

export const configsStep: GraphStep<BringUpContext> = {
  id: "configs",
  title: "machine configs delivered to the bastion",
  fix: "check SSH/SSM access to the bastion and its disk (`moonlab bastion push` does the same by hand)",
  async isDone(ctx) {
    const files = bastionSecretFiles(ctx.plan, ctx.secrets);
    const stale: string[] = [];
    for (const f of files) if ((await ctx.bastion.readFile(f.host)) !== f.content) stale.push(f.host);
    return stale.length === 0
      ? { done: true, evidence: `${files.length} machine configs on the bastion match the lab's secrets` }
      : { done: false, evidence: `missing or stale on the bastion: ${stale.join(", ")}` };
  },
  async run(ctx) {
    const r = await pushBastionSecrets(ctx.bastion, ctx.plan, ctx.secrets);
    return `pushed ${r.written.length} files`;
  },
};
