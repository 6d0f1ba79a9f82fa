// The editor JSON Schema of lab.yaml, derived from the zod schema (input side: defaulted fields are optional).
import { z } from "zod";
import { SpecSchema } from "../spec/schema.ts";

export function specJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(SpecSchema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return {
    $id: "https://moonlab.dev/schema/lab.schema.json",
    title: "moonlab lab spec (lab.yaml)",
    ...schema,
  };
}

export function specJsonSchemaText(): string {
  return `${JSON.stringify(specJsonSchema(), null, 2)}\n`;
}
