// Every verb that reads a lab spec says which one it used, on stderr (stdout stays clean for --json and pipes).
import type { Command } from "commander";
import { chooseSpec } from "../plan/spec-choice.ts";

export function announceSpec(action: Command): void {
  if (!action.options.some((o) => o.long === "--spec")) return;
  const c = chooseSpec(action.opts<{ spec?: string }>().spec);
  const hint = c.file === undefined ? " (no ./lab.yaml here; `moonlab init` writes one)" : "";
  process.stderr.write(`spec: ${c.source}${hint}\n`);
}
