// The aws artifact family: the lab's CloudFormation template (synthesized in-process with aws-cdk-lib) and a README.
import type { Artifact } from "../../artifacts/artifact.ts";
import type { Renderer } from "../renderer.ts";
import { compactSortedJson } from "./json.ts";
import { README_PATH, TEMPLATE_PATH } from "./paths.ts";
import { readme } from "./readme.ts";
import { synthTemplate } from "./stack.ts";

export { README_PATH, TEMPLATE_PATH };

export const renderAws: Renderer = (plan, secrets, options) => {
  if (plan.target !== "aws") return [];
  const template = synthTemplate(plan, secrets, {
    emulator: options.emulator === true,
    cfnValidation: options.cfnValidation === true,
  });
  const out: Artifact[] = [
    { path: TEMPLATE_PATH, content: compactSortedJson(template) },
    { path: README_PATH, content: readme(plan, options.emulator === true) },
  ];
  return out;
};
