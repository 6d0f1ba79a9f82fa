// Read access to a rendered artifact set for plan-mode checks (in memory, no disk).
import { parseAllDocuments, parse as parseYaml } from "yaml";
import { type Artifact, textOf } from "./artifact.ts";

export class ArtifactTree {
  readonly #byPath: ReadonlyMap<string, Artifact>;
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
    return JSON.parse(this.text(path)) as T;
  }
  yaml<T = unknown>(path: string): T {
    return parseYaml(this.text(path)) as T;
  }
  /** All documents of a multi-document YAML file. */
  yamlAll(path: string): unknown[] {
    return parseAllDocuments(this.text(path)).map((d) => d.toJS());
  }
  get size(): number {
    return this.#byPath.size;
  }
}
