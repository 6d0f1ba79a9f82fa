// Defence in depth against injection: whatever validation missed, a renderer never writes a value that could start
// a new line (and so a new directive: a dhcp-script line in dnsmasq.conf, a variable in an env file, a command in a
// script) or, where words are separated by spaces (the kernel command line), a new word. Validation gives every
// free-text field a strict format; these guards are the second wall, in each line-oriented serializer and once over
// the whole plan before any family renders.
import { LabError } from "../errors.ts";

/** Line breaks of any kind (C0 controls incl. \n \r \v \f, DEL, C1 incl. NEL, and U+2028/U+2029). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const BREAKS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

export class UnsafeValueError extends LabError {
  constructor(what: string, value: string, why: string) {
    const shown = JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
    super(`refusing to render ${what} = ${shown}: ${why} (validation should have refused it; please report)`, 2);
  }
}

/** The value, when it cannot start a new line; throws otherwise. */
export function oneLine(value: string, what: string): string {
  if (BREAKS.test(value)) throw new UnsafeValueError(what, value, "it holds a line break or control character");
  return value;
}

/** The value, when it is one word of a space-separated list (a kernel argument): no break, no blank. */
export function oneWord(value: string, what: string): string {
  oneLine(value, what);
  if (/\s/.test(value) || value === "") throw new UnsafeValueError(what, value, "it must be one non-empty word");
  return value;
}

/** The value, when it holds none of the given separators (e.g. `;` between Pi-hole's list items). */
export function withoutSeparators(value: string, separators: string, what: string): string {
  oneLine(value, what);
  for (const c of separators)
    if (value.includes(c)) throw new UnsafeValueError(what, value, `it holds ${JSON.stringify(c)}, a list separator`);
  return value;
}

/** Every string in the plan (any depth) is one line: checked once before a family renders. */
export function assertPlanLineSafe(value: unknown, path = "plan"): void {
  if (typeof value === "string") {
    oneLine(value, path);
    return;
  }
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) assertPlanLineSafe(v, `${path}[${i}]`);
    return;
  }
  if (value !== null && typeof value === "object")
    for (const [k, v] of Object.entries(value)) {
      oneLine(k, `${path} key`);
      assertPlanLineSafe(v, `${path}.${k}`);
    }
}
