// A semantic rule: a pure function from a schema-valid spec to the issues it finds.
import type { SpecIssue } from "../issue.ts";
import type { Spec } from "../schema.ts";

export type Rule = (spec: Spec) => SpecIssue[];
