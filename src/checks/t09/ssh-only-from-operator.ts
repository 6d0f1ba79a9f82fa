import { ROLE_TAG } from "../../render/aws/names.ts";
import { awsModes, covers, seenIn } from "../aws-modes.ts";
import { defineCheck, verdict } from "../check.ts";

export default defineCheck(import.meta.url, {
  test: "T09",
  title: "Only the bastion accepts SSH, and only from the operator's sources",
  given: "a spec with bastion.ssh.sources (possibly empty: SSM only)",
  when: "the AWS stack is rendered or deployed",
  then:
    "port 22 is open only in the bastion's security group and only from exactly the spec's sources; with no sources, " +
    "nowhere",
  why: "SSH from anywhere else is the most scanned port on the internet; SSM Session Manager needs no inbound port.",
  ...awsModes((plan, lab) => {
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const g of lab.securityGroups)
      for (const r of g.ingress) {
        if (!covers(r, "tcp", 22)) continue;
        const bastion = g.tags[ROLE_TAG] === "bastion";
        // A group's rule naming another lab group (nodes talking to each other) is not exposure.
        if (r.source.startsWith("sg:")) continue;
        if (!bastion) problems.push(`${g.id} (${g.name}) opens SSH to ${r.source}; only the bastion may accept SSH`);
        else if (!plan.bastion.sshSources.includes(r.source))
          problems.push(`bastion ${g.id} opens SSH to ${r.source}, not one of the spec's sources`);
        else seen.add(r.source);
      }
    for (const s of plan.bastion.sshSources)
      if (!seen.has(s) && !(lab.emulator && s.includes(":")))
        problems.push(`the spec allows SSH from ${s} but no bastion rule does`);
    return verdict(problems, [
      plan.bastion.sshSources.length === 0
        ? `no SSH ingress anywhere (SSM only) (${seenIn(lab)})`
        : `SSH only to the bastion from ${[...seen].join(", ")} (${seenIn(lab)})`,
    ]);
  }),
});
