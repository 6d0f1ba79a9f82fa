// A tree `moonlab plan --out DIR` wrote, read back as artifacts (for `moonlab test --out DIR`): every file under
// DIR with the generated-by header the writer added taken off again, so checks see what the renderers returned.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { type Artifact, headerLineFor } from "./artifact.ts";

const MAGIC_FIRST_LINE = /^(#!|#cloud-config|<\?xml)/;

/** The text without the writer's header line (the inverse of finalContent). */
export function withoutHeader(path: string, text: string): string {
  const header = headerLineFor(path);
  if (header === undefined) return text;
  if (text.startsWith(header)) return text.slice(header.length);
  const nl = text.indexOf("\n");
  if (nl !== -1 && MAGIC_FIRST_LINE.test(text) && text.startsWith(header, nl + 1))
    return text.slice(0, nl + 1) + text.slice(nl + 1 + header.length);
  return text;
}

export function readArtifacts(dir: string): Artifact[] {
  const out: Artifact[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const path = rel === "" ? name : `${rel}/${name}`;
      const full = join(dir, path);
      const st = statSync(full);
      if (st.isDirectory()) walk(path);
      else {
        const bytes = readFileSync(full);
        const text = bytes.toString("utf8");
        // Text when the bytes are valid UTF-8 (they round-trip), bytes otherwise (binary artifacts).
        const content = Buffer.from(text, "utf8").equals(bytes) ? withoutHeader(path, text) : new Uint8Array(bytes);
        out.push({ path, content, mode: st.mode & 0o777 });
      }
    }
  };
  walk("");
  return out;
}
