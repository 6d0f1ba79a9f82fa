// CloudFormation refuses a template body over 51,200 bytes and a template with more than 500 resources; a template
// that every other check passes but AWS refuses is no lab at all.
import { CFN_LIMITS, TEMPLATE_PATH } from "../../render/aws/paths.ts";
import { defineCheck, notApplicable, verdict } from "../check.ts";

export default defineCheck(import.meta.url, {
  test: "T01",
  title: "The template fits CloudFormation's limits",
  given: "a spec with target aws",
  when: "the AWS stack is rendered",
  then: `aws/template.json is at most ${CFN_LIMITS.templateBodyBytes} bytes (TemplateBody) with at most ${CFN_LIMITS.resources} resources`,
  why: "CreateChangeSet refuses a larger body or more resources; moonlab deploys the template in the request body (no S3 bucket, no CDK bootstrap).",
  plan: ({ plan, artifacts }) => {
    if (plan.target !== "aws") return notApplicable(`target ${plan.target} renders no CloudFormation template`);
    if (!artifacts.has(TEMPLATE_PATH)) return notApplicable(`${TEMPLATE_PATH} was not rendered`);
    const bytes = Buffer.byteLength(artifacts.text(TEMPLATE_PATH), "utf8");
    const resources = Object.keys(
      artifacts.json<{ Resources?: Record<string, unknown> }>(TEMPLATE_PATH).Resources ?? {},
    ).length;
    const problems: string[] = [];
    if (bytes > CFN_LIMITS.templateBodyBytes)
      problems.push(
        `${TEMPLATE_PATH} is ${bytes} bytes, over CloudFormation's ${CFN_LIMITS.templateBodyBytes}-byte TemplateBody limit`,
      );
    if (resources > CFN_LIMITS.resources)
      problems.push(`${TEMPLATE_PATH} has ${resources} resources, over CloudFormation's ${CFN_LIMITS.resources}`);
    return verdict(problems, [
      `${TEMPLATE_PATH}: ${bytes} of ${CFN_LIMITS.templateBodyBytes} bytes, ${resources} of ${CFN_LIMITS.resources} resources`,
    ]);
  },
});
