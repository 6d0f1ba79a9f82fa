import { awsModes, seenIn } from "../aws-modes.ts";
import { defineCheck, fail, verdict } from "../check.ts";

export default defineCheck(import.meta.url, {
  test: "T02",
  title: "Every launch template requires IMDSv2 and encrypts its volumes",
  given: "a spec with target aws",
  when: "the AWS stack is rendered or deployed",
  then: "the bastion's and every node's launch template has HttpTokens required and only encrypted EBS volumes",
  why:
    "IMDSv1 lets any SSRF read the instance role's credentials; unencrypted volumes keep the lab's secrets (Talos " +
    "PKI, caches) in clear at rest.",
  ...awsModes((plan, lab) => {
    if (lab.launchTemplates.length < 1 + plan.nodes.length)
      return fail(`${lab.launchTemplates.length} launch templates (${seenIn(lab)}), expected ${1 + plan.nodes.length}`);
    const problems: string[] = [];
    for (const t of lab.launchTemplates) {
      if (t.httpTokens !== "required")
        problems.push(`${t.name}: HttpTokens ${t.httpTokens ?? "unset"}, expected required`);
      if (t.volumes.length === 0)
        problems.push(`${t.name}: no block device mapping (root volume would be unencrypted)`);
      for (const v of t.volumes) if (!v.encrypted) problems.push(`${t.name}: volume ${v.device} is not encrypted`);
    }
    return verdict(problems, [
      `${lab.launchTemplates.length} launch templates with IMDSv2 required and encrypted volumes (${seenIn(lab)})`,
    ]);
  }),
});
