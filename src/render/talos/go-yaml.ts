// A YAML emitter that writes what Go's yaml package (go.yaml.in/yaml/v4, 4-space indent) writes for the values a
// Image Factory schematic holds, because the schematic ID is sha256 of exactly those bytes. Hand-written: no JS
// YAML library reproduces Go yaml's layout (sequences indented under their key, `- ` items whose mapping continues
// two columns in, literal blocks for multi-line strings, its natural map key order, its float format). Checked
// against the factory's own ID vectors (schematic-format.test.ts).

/** A value in emit order: a Map keeps struct field order; plain objects are Go maps (keys sorted as Go does). */
export type GoValue = string | number | boolean | null | readonly GoValue[] | GoMap | { readonly [k: string]: GoValue };
export type GoMap = ReadonlyMap<string, GoValue>;

const INDENT = 4;

/** Words Go yaml would read back as another type, so it quotes them. */
const NON_STRING =
  /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|0x[0-9a-fA-F_]+|0o?[0-7_]+|0b[01_]+)$/;

/** Go yaml emits a plain scalar when it can, otherwise double-quoted. */
export function goScalar(s: string): string {
  const plainSafe = /^[A-Za-z0-9_./][A-Za-z0-9_./=,+@-]*(?::[A-Za-z0-9_./=,+@-]+)*$/.test(s);
  if (plainSafe && !NON_STRING.test(s)) return s;
  return JSON.stringify(s);
}

/** strconv.FormatFloat(f, 'g', -1, 64), as Go yaml writes a float64 (with .inf/.nan spelled the YAML way). */
export function goFloat(f: number): string {
  if (Number.isNaN(f)) return ".nan";
  if (f === Number.POSITIVE_INFINITY) return ".inf";
  if (f === Number.NEGATIVE_INFINITY) return "-.inf";
  if (f === 0) return Object.is(f, -0) ? "-0" : "0";
  const [mant = "", expText = "0"] = f.toExponential().split("e");
  const exp = Number(expText);
  const digits = mant.replace("-", "").replace(".", "").length;
  // Go: %e when exp < -4 || exp >= eprec, eprec = 6 for the shortest form, or the digit count when larger and
  // the number has no fraction digits beyond it.
  let eprec = 6;
  if (eprec > digits && digits >= exp + 1) eprec = digits;
  if (exp < -4 || exp >= eprec) {
    const sign = exp < 0 ? "-" : "+";
    const e = String(Math.abs(exp)).padStart(2, "0");
    return `${mant}e${sign}${e}`;
  }
  return String(f);
}

/** Go yaml's map key order: a natural sort (runs of digits compare as numbers; letters before digits after one). */
export function goKeyLess(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";
  const isLetter = (c: string | undefined) => c !== undefined && /\p{L}/u.test(c);
  let digits = false;
  for (let i = 0; i < ar.length && i < br.length; i++) {
    const x = ar[i] as string;
    const y = br[i] as string;
    if (x === y) {
      digits = isDigit(x);
      continue;
    }
    const al = isLetter(x);
    const bl = isLetter(y);
    if (al && bl) return x < y;
    if (al || bl) return digits ? al : bl;
    let an = 0;
    let bn = 0;
    if (x === "0" || y === "0") {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--)
        if (ar[j] !== "0") {
          an = 1;
          bn = 1;
          break;
        }
    }
    let ai = i;
    let bi = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + Number(ar[ai]);
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + Number(br[bi]);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return x < y;
  }
  return ar.length < br.length;
}

const isSeq = (v: GoValue): v is readonly GoValue[] => Array.isArray(v);
const isMap = (v: GoValue): v is GoMap => v instanceof Map;
const isObj = (v: GoValue): v is { readonly [k: string]: GoValue } =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Map);

function entries(v: GoMap | { readonly [k: string]: GoValue }): [string, GoValue][] {
  if (v instanceof Map) return [...v.entries()];
  return Object.keys(v)
    .sort((a, b) => (goKeyLess(a, b) ? -1 : goKeyLess(b, a) ? 1 : 0))
    .map((k) => [k, (v as Record<string, GoValue>)[k] as GoValue]);
}

function scalarText(v: string | number | boolean | null): string {
  if (v === null) return "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : goFloat(v);
  return goScalar(v);
}

/** A multi-line string as a literal block header (`|`, `|-`, `|+`, with an indentation hint) and its lines. */
function literal(s: string, indent: number): string[] {
  const trailing = /\n*$/.exec(s)?.[0].length ?? 0;
  const chomp = trailing === 0 ? "-" : trailing === 1 ? "" : "+";
  const hint = /^[ \n]/.test(s) ? String(INDENT) : "";
  const body = trailing === 0 ? s : s.slice(0, s.length - (chomp === "+" ? 1 : trailing));
  const pad = " ".repeat(indent);
  return [`|${hint}${chomp}`, ...body.split("\n").map((l) => (l === "" ? "" : pad + l))];
}

/** Lines of a block node whose content starts at `indent`. */
function block(v: GoValue, indent: number): string[] {
  const pad = " ".repeat(indent);
  if (isSeq(v)) {
    if (v.length === 0) return [`${pad}[]`];
    return v.flatMap((item) => {
      const lines = block(item, indent + 2);
      const first = lines[0] ?? "";
      return [`${pad}- ${first.slice(indent + 2)}`, ...lines.slice(1)];
    });
  }
  if (isMap(v) || isObj(v)) {
    const es = entries(v);
    if (es.length === 0) return [`${pad}{}`];
    return es.flatMap(([k, val]) => {
      const key = `${pad}${goScalar(k)}:`;
      if (typeof val === "string" && val.includes("\n")) {
        const [head = "", ...rest] = literal(val, indent + INDENT);
        return [`${key} ${head}`, ...rest];
      }
      if ((isSeq(val) && val.length > 0) || ((isMap(val) || isObj(val)) && entries(val).length > 0))
        return [key, ...block(val, indent + INDENT)];
      if (isSeq(val)) return [`${key} []`];
      if (isMap(val) || isObj(val)) return [`${key} {}`];
      return [`${key} ${scalarText(val as string | number | boolean | null)}`];
    });
  }
  if (typeof v === "string" && v.includes("\n")) return [`${pad}${literal(v, indent).join("\n")}`];
  return [`${pad}${scalarText(v as string | number | boolean | null)}`];
}

/** The document Go yaml writes for a value (a top-level mapping, here). */
export function goYaml(v: GoValue): string {
  return `${block(v, 0).join("\n")}\n`;
}
