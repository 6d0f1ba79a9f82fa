// Read access to a rendered artifact set for plan-mode checks (in memory, no disk).
import { parseAllDocuments, parse as parseYaml } from "yaml";
import { type Artifact, textOf } from "./artifact.ts";

export class ArtifactTree {
  readonly #byPath: ReadonlyMap<string, Artifact>;
  /** Parsed files, by kind and path: the plan checks read the same YAML many times (the gitops tree in 9 checks,
   * every machine config in 6). Parsed values are frozen, so a check cannot change what the next one reads. */
  readonly #parsed = new Map<string, unknown>();
  constructor(artifacts: readonly Artifact[]) {
    this.#byPath = new Map(artifacts.map((a) => [a.path, a]));
  }
  has(path: string): boolean {
    return this.#byPath.has(path);
  }
  get(path: string): Artifact | undefined {
    return this.#byPath.get(path);
  }
  /** Paths under a prefix ("bastion/matchbox/groups/"), sorted. */
  list(prefix = ""): string[] {
    return [...this.#byPath.keys()].filter((p) => p.startsWith(prefix)).sort();
  }
  text(path: string): string {
    const a = this.#byPath.get(path);
    if (!a) throw new Error(`artifact ${path} was not rendered`);
    return textOf(a);
  }
  json<T = unknown>(path: string): T {
    return this.#once(`json:${path}`, () => JSON.parse(this.text(path))) as T;
  }
  yaml<T = unknown>(path: string): T {
    return this.#once(`yaml:${path}`, () => parseYaml(this.text(path))) as T;
  }
  /** All documents of a multi-document YAML file. */
  yamlAll(path: string): unknown[] {
    return this.#once(`yamlAll:${path}`, () => parseAllDocuments(this.text(path)).map((d) => d.toJS())) as unknown[];
  }
  #once(key: string, parse: () => unknown): unknown {
    if (!this.#parsed.has(key)) this.#parsed.set(key, deepFreeze(parse()));
    return this.#parsed.get(key);
  }
  get size(): number {
    return this.#byPath.size;
  }
}

function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === "object" && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}
