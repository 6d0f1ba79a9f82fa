// Test helpers for the report and the talk: the LabView of an example (fixture secrets, given records) and the
// real layout engine (Graphviz as WebAssembly), exactly as `moonlab report` builds them.
import { engines, labView } from "../../src/app/present-lab.ts";
import type { Engines, LabView } from "../../src/present/lab-view.ts";
import { NO_RECORDS, parseRecords, type Records } from "../../src/present/records.ts";
import { fixtureSecrets } from "../fakes/secrets.ts";
import { exampleObject, planOf } from "./lab.ts";

const cache = new Map<string, Promise<LabView>>();

/** The view of an example; rendering and checking a lab takes seconds, so plain views are made once per worker. */
export async function exampleView(
  name: string,
  records: Records = NO_RECORDS,
  patch?: (o: Record<string, unknown>) => Record<string, unknown>,
): Promise<LabView> {
  const make = async () => {
    const obj = exampleObject(name);
    return labView(planOf(patch ? patch(obj) : obj), await fixtureSecrets(), NO_RECORDS);
  };
  if (patch) return { ...(await make()), records };
  let v = cache.get(name);
  if (!v) {
    v = make();
    cache.set(name, v);
  }
  return { ...(await v), records };
}

export const layoutEngines = (): Promise<Engines> => engines();

/** One recorded live run against the emulator and one rehearsal timing, as the CLI writes them. */
export function fixtureRecords(lab: string): Records {
  const live = {
    recordedAt: "2026-11-30T18:05:00.000Z",
    lab,
    mode: "plan+live",
    against: ["AWS API emulator at http://127.0.0.1:5000 (not real AWS)"],
    summary: { total: 2, passed: 1, failed: 1, acknowledged: 0, notApplicable: 0, errors: 0 },
    results: [
      {
        id: "t09/no-open-ingress",
        test: "T09",
        title: "no open ingress",
        mode: "live",
        status: "pass",
        evidence: ["emulator says: no rule from 0.0.0.0/0"],
      },
      {
        id: "t08/lab-budget",
        test: "T08",
        title: "budget",
        mode: "live",
        status: "fail",
        evidence: ["no budget found in the emulator"],
      },
    ],
  };
  const timing = {
    recordedAt: "2026-11-30T17:00:00.000Z",
    lab,
    source: "rehearse",
    against: "qemu VMs in network namespace fixture (test payload)",
    nodes: [{ name: "fixture-node", firmware: "bios", ok: true, seconds: 31.4 }],
  };
  const bringUp = {
    recordedAt: "2026-11-30T17:55:00.000Z",
    lab,
    command: "wake",
    against: "AWS API emulator at http://127.0.0.1:5000 (not real AWS)",
    seconds: 12.5,
    steps: [{ seconds: 0.4, line: "fixture: bastion group desired 1" }],
  };
  return parseRecords(
    new Map([["live.json", JSON.stringify(live)]]),
    new Map([["t.json", JSON.stringify(timing)]]),
    new Map([["b.json", JSON.stringify(bringUp)]]),
  );
}
