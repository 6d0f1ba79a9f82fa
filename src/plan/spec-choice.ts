// Which spec a verb reads (--spec, else ./lab.yaml, else the built-in lab) and its text. Kept apart from the lab
// loader so that naming the spec (every verb, `--help` included) imports neither zod nor the planner.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { UsageError } from "../errors.ts";
import { readBounded } from "./read-bounded.ts";

export const DEFAULT_SPEC_PATH = fileURLToPath(new URL("../../examples/moon.lab.yaml", import.meta.url));

/** The spec a verb uses when --spec is not given, as talhelper reads ./talconfig.yaml: ./lab.yaml when present. */
export const LOCAL_SPEC = "lab.yaml";

export interface SpecChoice {
  /** The file to read, "-" for stdin, undefined for the built-in lab. */
  readonly file: string | undefined;
  /** How to name it to the user. */
  readonly source: string;
}

export function chooseSpec(path: string | undefined, cwd = process.cwd()): SpecChoice {
  if (path === "-") return { file: "-", source: "<stdin>" };
  if (path !== undefined) return { file: path, source: path };
  if (existsSync(resolve(cwd, LOCAL_SPEC))) return { file: LOCAL_SPEC, source: `./${LOCAL_SPEC}` };
  return { file: undefined, source: "built-in default lab (moon)" };
}

export function readSpecText(path: string | undefined): { text: string; source: string } {
  const choice = chooseSpec(path);
  if (choice.file === "-") return { text: readBounded(0, "<stdin>"), source: choice.source };
  const file = choice.file ?? DEFAULT_SPEC_PATH;
  if (!existsSync(file)) throw new UsageError(`spec file ${file} does not exist (run \`moonlab init\` to write one)`);
  return { text: readBounded(file, file), source: choice.source };
}
