import { TEMPLATE_PATH } from "../../render/aws/paths.ts";
import { launchTemplateUserData } from "../../render/aws/read.ts";
import { selectorQuery } from "../../render/bastion/matchbox.ts";
import { defineCheck, notApplicable, verdict } from "../check.ts";

export default defineCheck(import.meta.url, {
  test: "T04",
  title: "Each AWS node's iPXE user-data chains to matchbox with the node's own selector",
  given: "an AWS plan in ipxe boot mode with the rendered CloudFormation template and matchbox groups",
  when: "the lab is rendered",
  then: "for every node exactly one launch template's #!ipxe user-data chains to <matchbox>/ipxe?<the node's selector>",
  why: "EC2 has no PXE: the iPXE AMI runs this script, and a wrong label boots another node's profile and config.",
  plan: ({ plan, artifacts }) => {
    if (plan.target !== "aws") return notApplicable(`target ${plan.target}: nodes PXE-boot through dnsmasq`);
    if (plan.talos.bootMode !== "ipxe") return notApplicable("boot mode ami: nodes boot the official Talos AMI");
    const userData = launchTemplateUserData(artifacts);
    if (!userData) return notApplicable(`${TEMPLATE_PATH} was not rendered`);
    const scripts = userData.filter((x) => x.text.startsWith("#!ipxe"));
    const problems: string[] = [];
    const ok: string[] = [];
    for (const n of plan.nodes) {
      const url = `${plan.services.matchbox.url}/ipxe?${selectorQuery(n.selector)}`;
      const mine = scripts.filter((s) => s.text.split("\n").some((l) => l.split(/\s+/).includes(url)));
      if (mine.length !== 1) problems.push(`${n.name}: ${mine.length} launch templates chain to ${url}, want 1`);
      else ok.push(`${n.name}: ${mine[0]?.id} chains to ${url}`);
    }
    return verdict(problems, ok);
  },
});
