// Property: any mutation of a valid spec yields either a valid plan or issues with codes and paths; never a throw.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { exampleObject } from "../../test/support/lab.ts";
import { buildPlan } from "../plan/build-plan.ts";
import { validateObject } from "./validate.ts";

type Json = unknown;

/** Every path (array of keys) inside a JSON value. */
function paths(v: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(v)) {
    for (const [i, x] of v.entries()) out.push(...paths(x, [...prefix, i]));
  } else if (v !== null && typeof v === "object")
    for (const [k, x] of Object.entries(v as Record<string, Json>)) out.push(...paths(x, [...prefix, k]));
  return out;
}

function setAt(root: Json, path: (string | number)[], value: Json | typeof DELETE): Json {
  if (path.length === 0) return value === DELETE ? undefined : value;
  const copy: Json = Array.isArray(root) ? [...root] : { ...(root as Record<string, Json>) };
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  const container = copy as Record<string | number, Json>;
  if (rest.length === 0) {
    if (value === DELETE) {
      if (Array.isArray(copy)) copy.splice(head as number, 1);
      else delete container[head];
    } else container[head] = value;
  } else container[head] = setAt(container[head], rest, value);
  return copy;
}

const DELETE = Symbol("delete");

const interesting = fc.oneof(
  fc.constant(DELETE),
  fc.constantFrom(
    null,
    0,
    -1,
    65536,
    1.5,
    "",
    "10.10.0.0/24",
    "10.10.0.3",
    "0.0.0.0/0",
    "::/0",
    "52:54:00:12:34:56",
    "zz",
    "arm64",
    "siderolabs/tailscale",
    "Europe/Dublin",
    "25:00",
    [],
    {},
    true,
  ),
  fc.string(),
  fc.integer(),
  fc.ipV4(),
  fc.array(fc.string(), { maxLength: 3 }),
);

const mutation = (base: Json) =>
  fc.array(fc.tuple(fc.nat(), interesting), { minLength: 1, maxLength: 4 }).map((muts) => {
    let cur = base;
    for (const [n, value] of muts) {
      const ps = paths(cur);
      cur = setAt(cur, ps[n % ps.length] ?? [], value);
    }
    return cur;
  });

describe("validation under random mutation", () => {
  it.each(["moon", "home"])("never throws for mutations of %s and always explains a rejection", (name) => {
    const base = exampleObject(name);
    let valid = 0;
    let invalid = 0;
    fc.assert(
      fc.property(mutation(base), (input) => {
        const v = validateObject(input);
        if (v.ok) {
          valid++;
          const plan = buildPlan(v.spec);
          expect(plan.nodes.length).toBeGreaterThan(0);
        } else {
          invalid++;
          expect(v.issues.length).toBeGreaterThan(0);
          for (const i of v.issues) {
            expect(i.code).toMatch(/^[a-z0-9-]+\.[a-z0-9.-]+$/);
            expect(i.path.length).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 600, seed: 20261126 },
    );
    // Both outcomes must occur, or the generator is not exercising validation.
    expect(valid).toBeGreaterThan(10);
    expect(invalid).toBeGreaterThan(10);
  });
});
