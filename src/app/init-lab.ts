// `moonlab init`: a lab.yaml for one target, started from that target's example, with an editor schema modeline
// that resolves (a path from the new file to the schema this copy of moonlab ships; nothing publishes it on the
// web) and the next step, naming the launcher the README uses by a path that works from where the user stands.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { UsageError } from "../errors.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const INIT_TARGETS = { aws: "moon", home: "home", local: "local" } as const;
export type InitTarget = keyof typeof INIT_TARGETS;
const SCHEMA = resolve(ROOT, "schema/lab.schema.json");
const LAUNCHER = resolve(ROOT, "moonlab");

/** A path as a shell user types it: ./x for a file here, ../x or /abs otherwise. */
function typed(path: string): string {
  return path.startsWith(".") || path.startsWith("/") ? path : `./${path}`;
}

export interface InitResult {
  readonly file: string;
  readonly target: InitTarget;
  readonly schema: string;
  readonly next: string;
}

export function initLab(o: { out: string; target: string; force: boolean; cwd?: string }): InitResult {
  const cwd = o.cwd ?? process.cwd();
  if (!(o.target in INIT_TARGETS))
    throw new UsageError(`unknown target ${JSON.stringify(o.target)}: use --target home, local or aws`);
  const target = o.target as InitTarget;
  const file = resolve(cwd, o.out);
  if (existsSync(file) && !o.force) throw new UsageError(`${o.out} exists; use --force to overwrite it`);
  const example = resolve(ROOT, "examples", `${INIT_TARGETS[target]}.lab.yaml`);
  const schema = relative(dirname(file), SCHEMA);
  const text = readFileSync(example, "utf8").replace(
    /^# yaml-language-server: \$schema=.*$/m,
    `# yaml-language-server: $schema=${schema}`,
  );
  writeFileSync(file, text);
  const launcher = typed(relative(cwd, LAUNCHER));
  const spec = relative(cwd, file) === "lab.yaml" ? "" : ` --spec ${typed(relative(cwd, file))}`;
  return { file, target, schema, next: `${launcher} plan${spec}` };
}
