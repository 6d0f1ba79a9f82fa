import { ROLE_TAG } from "../../render/aws/names.ts";
import { awsModes, emulatorLacks, seenIn } from "../aws-modes.ts";
import { defineCheck, fail, notApplicable, verdict } from "../check.ts";

export default defineCheck(import.meta.url, {
  test: "T09",
  title: "Talos nodes never get a public IPv4",
  given: "a spec with target aws",
  when: "the AWS stack is rendered or deployed",
  then:
    "every node launch template sets AssociatePublicIpAddress false, the lab subnet does not map public IPv4, and no " +
    "running node has a public IPv4",
  why:
    "A public IPv4 on a node exposes its Talos and Kubernetes APIs to one security group mistake and costs $0.005/h; " +
    "nodes reach out through the bastion caches, Amazon Time Sync and IPv6.",
  ...awsModes((plan, lab) => {
    const problems: string[] = [];
    const nodeTemplates = lab.launchTemplates.filter((t) => t.tags[ROLE_TAG] === "node");
    if (nodeTemplates.length !== plan.nodes.length)
      problems.push(`${nodeTemplates.length} node launch templates, expected ${plan.nodes.length}`);
    for (const t of nodeTemplates)
      if (t.associatePublicIp !== false)
        problems.push(`${t.name}: AssociatePublicIpAddress ${t.associatePublicIp ?? "unset"}, expected false`);
    for (const s of lab.subnets) if (s.mapPublicIpOnLaunch) problems.push(`subnet ${s.id} maps public IPv4 on launch`);
    const nodes = lab.instances.filter((i) => i.tags[ROLE_TAG] === "node" && i.state !== "terminated");
    const gap = emulatorLacks(lab, "launch-template-network-ignored");
    const ignored: string[] = [];
    for (const i of nodes)
      if (i.publicIp) {
        const line = `node ${i.name ?? i.id} has public IPv4 ${i.publicIp}`;
        // moto ignores the launch template's network interface: it cannot show what EC2 would do.
        if (gap) ignored.push(`${line}: the emulator (moto) ignores launch template network interfaces`);
        else problems.push(line);
      }
    if (problems.length > 0) return fail(...problems);
    const templates = `${nodeTemplates.length} node launch templates without public IPv4 (${seenIn(lab)})`;
    // The running nodes do have public IPv4s and the emulator cannot say whether EC2 would give them one: that
    // evidence supports no verdict on the "no running node" half of the claim.
    if (ignored.length > 0)
      return notApplicable(
        "the emulator shows node public IPv4s it cannot model (it ignores launch template network interfaces); " +
          "the launch templates are right, the running nodes can only be judged on AWS",
        templates,
        ...ignored,
      );
    return verdict(
      [],
      [templates, ...(lab.source === "api" ? [`${nodes.length} node instances, none with a public IPv4`] : [])],
    );
  }),
});
