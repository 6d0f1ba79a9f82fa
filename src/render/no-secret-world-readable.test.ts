// No secret in any world-readable file, in every mode: every private key, token and cluster secret of the lab's
// bundle is searched for in every rendered artifact a local user other than the owner can read (mode & 0o004),
// in plain text and inside base64 runs (user-data is base64 in aws/template.json).
import { describe, expect, it } from "vitest";
import { fixtureSecrets } from "../../test/fakes/secrets.ts";
import { exampleObject, planOf } from "../../test/support/lab.ts";
import { type Artifact, textOf } from "../artifacts/artifact.ts";
import type { Plan } from "../plan/types.ts";
import type { LabSecrets } from "../secrets/types.ts";
import { renderAll } from "./families.ts";

function secretStrings(v: unknown, key = "", out: string[] = []): string[] {
  if (typeof v === "string") {
    // Certificates and the cluster id are public; keys, tokens and secrets are not.
    if (!/crt$/i.test(key) && key !== "id" && v.length >= 16) out.push(v.trim());
  } else if (v !== null && typeof v === "object") for (const [k, x] of Object.entries(v)) secretStrings(x, k, out);
  return out;
}

function readable(a: Artifact): string {
  const text = textOf(a);
  const decoded = [...text.matchAll(/[A-Za-z0-9+/]{40,}={0,2}/g)].map((m) =>
    Buffer.from(m[0], "base64").toString("latin1"),
  );
  return [text, ...decoded].join("\n");
}

function leaks(plan: Plan, secrets: LabSecrets): string[] {
  const needles = [...secretStrings(secrets), "PRIVATE KEY"];
  const found: string[] = [];
  for (const a of renderAll(plan, secrets, {})) {
    if (((a.mode ?? 0o644) & 0o004) === 0 || typeof a.content !== "string") continue;
    const hay = readable(a);
    for (const n of needles)
      if (hay.includes(n)) found.push(`${a.path} (${(a.mode ?? 0o644).toString(8)}) holds ${n.slice(0, 24)}...`);
  }
  return found;
}

describe("no secret in a world-readable file", { timeout: 180_000 }, () => {
  it.each(["moon", "home"])("%s, ipxe boot", async (name) => {
    const secrets = await fixtureSecrets();
    expect(secretStrings(secrets).length).toBeGreaterThan(5);
    expect(leaks(planOf(exampleObject(name)), secrets)).toEqual([]);
  });

  it("moon with bootMode ami (bypassing validation): the renderer refuses instead of writing keys as user-data", async () => {
    const plan = planOf(exampleObject("moon"));
    const ami: Plan = { ...plan, talos: { ...plan.talos, bootMode: "ami" } };
    const secrets = await fixtureSecrets();
    let found: string[] = [];
    try {
      found = leaks(ami, secrets);
    } catch (e) {
      expect((e as Error).message).toMatch(/ami/);
      return;
    }
    expect(found).toEqual([]);
  });
});
