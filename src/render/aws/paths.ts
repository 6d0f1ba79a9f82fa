// Where the aws family writes its artifacts.
export const TEMPLATE_PATH = "aws/template.json";
export const README_PATH = "aws/README.md";
