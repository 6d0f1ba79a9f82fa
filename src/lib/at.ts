// A dotted-path getter over parsed YAML or JSON (`machine.install.image`), shared by the readers of rendered trees.

/** The value at a dotted path, or undefined where any step is missing or not an object. */
export function at(o: unknown, path: string): unknown {
  let cur: unknown = o;
  for (const k of path.split(".")) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}
