// Parses lab.yaml text into a plain value, turning every way YAML can hurt into an issue instead of a throw:
// syntax errors, aliases to anchors that do not exist, alias bombs (billion laughs), and tags moonlab does not
// know (`!!python/object`, `!foo`), which the yaml library would otherwise resolve silently to a plain string.
import { LineCounter, parseDocument } from "yaml";
import { issue, type SpecIssue } from "./issue.ts";

/** Aliases one spec may expand: a real lab needs a handful; an alias bomb needs thousands. */
export const MAX_ALIAS_COUNT = 100;

export type Parsed =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly issues: SpecIssue[] };

export function parseSpecYaml(text: string, source: string): Parsed {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined) => {
    const pos = lc.linePos(offset ?? 0);
    return `${source}:${pos.line}:${pos.col}`;
  };
  const firstLine = (m: string, dflt: string) => m.split("\n")[0] ?? dflt;
  const issues: SpecIssue[] = doc.errors.map((e) =>
    issue("yaml.syntax", at(e.pos[0]), firstLine(e.message, "YAML syntax error"), {
      fix: "fix the YAML syntax at that line",
    }),
  );
  for (const w of doc.warnings)
    if (w.code === "TAG_RESOLVE_FAILED")
      issues.push(
        issue("yaml.unknown-tag", at(w.pos[0]), firstLine(w.message, "unknown YAML tag"), {
          allowed: "plain YAML values (no tags): strings, numbers, booleans, lists and mappings",
          fix: "remove the tag; lab.yaml never needs one",
        }),
      );
  if (issues.length > 0) return { ok: false, issues };
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (e) {
    const message = (e as Error).message;
    if (/alias count/i.test(message))
      return {
        ok: false,
        issues: [
          issue("yaml.alias-bomb", source, `the aliases expand to too many nodes (${firstLine(message, "")})`, {
            allowed: `at most ${MAX_ALIAS_COUNT} alias expansions`,
            fix: "write the values out instead of nesting aliases",
          }),
        ],
      };
    if (/alias/i.test(message))
      return {
        ok: false,
        issues: [
          issue("yaml.undefined-alias", source, firstLine(message, "an alias names no anchor"), {
            fix: "define the anchor (&name) before the alias (*name), or write the value out",
          }),
        ],
      };
    return { ok: false, issues: [issue("yaml.invalid", source, firstLine(message, "invalid YAML"))] };
  }
}
