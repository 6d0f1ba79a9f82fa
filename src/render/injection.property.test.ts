// Injection, the second wall: hostile strings put straight into every free-text field of a plan (bypassing
// validation) either make the renderer refuse (UnsafeValueError) or render with exactly as many lines, file by
// file, as the clean plan: no value can start a new line, and so no new directive, variable or command.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { fixtureSecrets } from "../../test/fakes/secrets.ts";
import { exampleObject, planOf } from "../../test/support/lab.ts";
import { type Artifact, textOf } from "../artifacts/artifact.ts";
import type { Plan } from "../plan/types.ts";
import type { LabSecrets } from "../secrets/types.ts";
import { renderFamily } from "./families.ts";
import { UnsafeValueError } from "./line-safe.ts";

type Patch = (p: Plan, v: string) => Plan;
const n0 = (p: Plan, f: (n: Plan["nodes"][number]) => Plan["nodes"][number]) => ({
  ...p,
  nodes: p.nodes.map((n, i) => (i === 0 ? f(n) : n)),
});

/** Every free-text value a user writes in lab.yaml, where it sits in the plan. */
const FIELDS: Record<string, Patch> = {
  "dns.domain": (p, v) => ({ ...p, services: { ...p.services, dns: { ...p.services.dns, domain: v } } }),
  "dns.upstreams": (p, v) => ({
    ...p,
    services: { ...p.services, dns: { ...p.services.dns, upstreams: ["1.1.1.1", v] } },
  }),
  "caches[].upstream": (p, v) => ({ ...p, caches: p.caches.map((c, i) => (i === 0 ? { ...c, upstream: v } : c)) }),
  "caches[].remoteUrl": (p, v) => ({ ...p, caches: p.caches.map((c, i) => (i === 0 ? { ...c, remoteUrl: v } : c)) }),
  "nodes[].installDisk": (p, v) => n0(p, (n) => ({ ...n, installDisk: v })),
  "nodes[].mac": (p, v) => n0(p, (n) => ({ ...n, mac: v })),
  "bastion.ssh.user": (p, v) => ({ ...p, bastion: { ...p.bastion, sshUser: v } }),
  "bastion.schedule.timeZone": (p, v) => ({
    ...p,
    bastion: { ...p.bastion, schedule: { ...p.bastion.schedule, timeZone: v } },
  }),
  "budget.email": (p, v) => ({ ...p, budget: { ...p.budget, email: v } }),
  "gitops.repo": (p, v) => ({ ...p, gitops: { ...p.gitops, repo: v } }),
  "gitops.branch": (p, v) => ({ ...p, gitops: { ...p.gitops, branch: v } }),
  "gitops.path": (p, v) => ({ ...p, gitops: { ...p.gitops, path: v } }),
  "cozystack.host": (p, v) => ({ ...p, cozystack: { ...p.cozystack, host: v } }),
  "cozystack.variant": (p, v) => ({ ...p, cozystack: { ...p.cozystack, variant: v } }),
  "talos.extensions": (p, v) => ({ ...p, groups: { ...p.groups, compute: { extensions: ["siderolabs/drbd", v] } } }),
};

/** Hostile characters: line breaks of every kind, separators of the formats written, shell and YAML syntax. */
const hostile = fc
  .array(
    fc.constantFrom(
      "\n",
      "\r",
      "\r\n",
      "\u2028",
      "\u0085",
      "\u000b",
      "\u0000",
      "\t",
      " ",
      ";",
      "#",
      "=",
      ",",
      ":",
      "'",
      '"',
      "`",
      "$(",
      ")",
      "\\",
      "- ",
      "{",
      "}",
      "[",
      "]",
      "&",
      "*",
      "!",
      "%",
      "dhcp-script=/tmp/x",
      "FOO=bar",
      "rm -rf /",
      "a",
      "lab",
    ),
    { minLength: 1, maxLength: 8 },
  )
  .map((parts) => parts.join(""));

const FAMILIES = ["bastion", "talos", "gitops", "cost"] as const;

function lines(artifacts: readonly Artifact[]): Map<string, number> {
  return new Map(artifacts.map((a) => [a.path, typeof a.content === "string" ? textOf(a).split("\n").length : -1]));
}

describe("no free-text value adds a line to any rendered file (or the renderer refuses)", () => {
  const plans = { moon: planOf(exampleObject("moon")), home: planOf(exampleObject("home")) };
  let secrets: LabSecrets;
  beforeAll(async () => {
    secrets = await fixtureSecrets();
  });
  // The same field set to a benign word: the baseline has the same fields and list lengths as the hostile render.
  const baseline = new Map<string, Map<string, number>>();
  const baselineOf = (field: string, name: string, family: string) => {
    const key = `${field}/${name}/${family}`;
    if (!baseline.has(key))
      baseline.set(
        key,
        lines(renderFamily(family, (FIELDS[field] as Patch)(plans[name as keyof typeof plans], "lab"), secrets)),
      );
    return baseline.get(key) as Map<string, number>;
  };

  it.each(Object.keys(FIELDS))("%s", (field) => {
    const patch = FIELDS[field] as Patch;
    fc.assert(
      fc.property(hostile, fc.constantFrom("moon", "home"), fc.constantFrom(...FAMILIES), (value, name, family) => {
        const plan = patch(plans[name as keyof typeof plans], value);
        let got: Map<string, number>;
        try {
          got = lines(renderFamily(family, plan, secrets));
        } catch (e) {
          if (e instanceof UnsafeValueError) return; // refused: nothing rendered
          throw e;
        }
        const want = baselineOf(field, name, family);
        for (const [path, n] of got)
          if (want.has(path))
            expect(n, `${family} ${path} with ${field}=${JSON.stringify(value)}`).toBe(want.get(path));
      }),
      { numRuns: 60, seed: 14 },
    );
  });
});
