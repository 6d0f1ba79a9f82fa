import { ROLE_TAG } from "../../render/aws/names.ts";
import { awsModes, emulatorLacks, seenIn } from "../aws-modes.ts";
import { defineCheck, fail, verdict } from "../check.ts";

export default defineCheck(import.meta.url, {
  test: "T02",
  title: "The bastion's fixed address lives on a pre-created network interface",
  given: "a spec with target aws and a bastion address",
  when: "the AWS stack is rendered or deployed",
  then: "a network interface in the lab subnet carries the bastion address, and a running bastion instance has it attached",
  why:
    "A launch template cannot name a fixed interface; the bastion attaches this ENI at boot, so a replaced bastion " +
    "keeps the address every node's iPXE script and registry mirrors point at.",
  ...awsModes((plan, lab) => {
    const enis = lab.networkInterfaces.filter((e) => e.privateIp === plan.bastion.address);
    if (enis.length !== 1)
      return fail(`${enis.length} network interfaces with ${plan.bastion.address} (${seenIn(lab)}), expected one`);
    const eni = enis[0] as (typeof enis)[number];
    const subnet = lab.subnets.find((s) => s.id === eni.subnetId);
    const problems: string[] = [];
    const ok = [`ENI ${eni.id} ${eni.privateIp} (${seenIn(lab)})`];
    if (!subnet || subnet.cidr !== plan.network.subnet)
      problems.push(`ENI ${eni.id} is in ${subnet?.cidr ?? eni.subnetId}, not the lab subnet ${plan.network.subnet}`);
    if (eni.tags[ROLE_TAG] !== "bastion-eni" && !emulatorLacks(lab, "no-eni-tags"))
      problems.push(`ENI ${eni.id} is not tagged ${ROLE_TAG}=bastion-eni`);
    const running = lab.instances.filter((i) => i.tags[ROLE_TAG] === "bastion" && i.state === "running");
    for (const i of running) {
      if (!i.privateIps.includes(plan.bastion.address)) {
        // The attachment is done by the bastion's user-data at boot; an emulator runs no user-data.
        if (lab.emulator) ok.push(`bastion ${i.id} running without the ENI: the emulator runs no user-data`);
        else problems.push(`running bastion ${i.id} has ${i.privateIps.join(", ")}, not ${plan.bastion.address}`);
      } else ok.push(`running bastion ${i.id} has ${plan.bastion.address}`);
    }
    if (running.length === 0 && lab.source === "api") ok.push("no bastion running now (asleep)");
    return verdict(problems, ok);
  }),
});
