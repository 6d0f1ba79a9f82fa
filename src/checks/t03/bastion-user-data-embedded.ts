import { TEMPLATE_PATH } from "../../render/aws/paths.ts";
import { launchTemplateUserData } from "../../render/aws/read.ts";
import { TREE } from "../../render/bastion/layout.ts";
import { defineCheck, notApplicable, verdict } from "../check.ts";

export default defineCheck(import.meta.url, {
  test: "T03",
  title: "The bastion's launch template carries exactly the rendered bastion cloud-init",
  given: "an AWS plan with the rendered CloudFormation template and bastion bundle",
  when: "the lab is rendered",
  then: "exactly one launch template's user-data is a #cloud-config, and it decodes to bastion/cloud-init.yaml byte for byte",
  why: "The bastion starts its services only from this user-data: a stale or different copy boots a bastion that serves another lab (or nothing).",
  plan: ({ plan, artifacts }) => {
    if (plan.target !== "aws")
      return notApplicable(`target ${plan.target}: the bastion is an existing host (compose.yaml)`);
    const userData = launchTemplateUserData(artifacts);
    if (!userData) return notApplicable(`${TEMPLATE_PATH} was not rendered`);
    const want = artifacts.text(TREE.cloudInit);
    const cloud = userData.filter((x) => x.text.startsWith("#cloud-config"));
    if (cloud.length !== 1) return verdict([`${cloud.length} launch templates carry a #cloud-config, want 1`], []);
    const lt = cloud[0] as { id: string; text: string };
    return verdict(lt.text === want ? [] : [`${lt.id}'s user-data differs from ${TREE.cloudInit}`], [
      `${lt.id} user-data = ${TREE.cloudInit} (${Buffer.byteLength(want)} bytes, limit 16384)`,
    ]);
  },
});
