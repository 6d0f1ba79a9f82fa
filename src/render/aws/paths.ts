// Where the aws family writes its artifacts.
export const TEMPLATE_PATH = "aws/template.json";
export const README_PATH = "aws/README.md";

/** CloudFormation's quotas for a template passed in the request body (TemplateBody) and for any template. */
export const CFN_LIMITS = { templateBodyBytes: 51_200, resources: 500 } as const;
