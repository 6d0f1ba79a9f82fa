import { TREE } from "../../render/bastion/layout.ts";
import { defineCheck, notApplicable, verdict } from "../check.ts";

const TEMPLATE = "aws/template.json";

interface Template {
  readonly Resources?: Record<
    string,
    { readonly Type?: string; readonly Properties?: { readonly LaunchTemplateData?: { readonly UserData?: unknown } } }
  >;
}

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
    if (!artifacts.has(TEMPLATE)) return notApplicable(`${TEMPLATE} was not rendered`);
    const want = artifacts.text(TREE.cloudInit);
    const lts = Object.entries(artifacts.json<Template>(TEMPLATE).Resources ?? {}).filter(
      ([, r]) => r.Type === "AWS::EC2::LaunchTemplate",
    );
    const cloud = lts
      .map(([id, r]) => ({ id, text: decode(r.Properties?.LaunchTemplateData?.UserData) }))
      .filter((x) => x.text?.startsWith("#cloud-config"));
    if (cloud.length !== 1) return verdict([`${cloud.length} launch templates carry a #cloud-config, want 1`], []);
    const lt = cloud[0] as { id: string; text: string };
    return verdict(lt.text === want ? [] : [`${lt.id}'s user-data differs from ${TREE.cloudInit}`], [
      `${lt.id} user-data = ${TREE.cloudInit} (${Buffer.byteLength(want)} bytes, limit 16384)`,
    ]);
  },
});

function decode(v: unknown): string | undefined {
  if (typeof v === "string") return Buffer.from(v, "base64").toString("utf8");
  const b = (v as { "Fn::Base64"?: unknown } | undefined)?.["Fn::Base64"];
  return typeof b === "string" ? b : undefined;
}
