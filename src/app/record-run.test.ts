import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exampleObject, planOf } from "../../test/support/lab.ts";
import { parseRecords } from "../present/records.ts";
import { againstOf, recordBench, recordTestRun, stepClock } from "./record-run.ts";

describe("recorded runs", () => {
  const moon = planOf(exampleObject("moon"));

  it("says what a live run ran against: an emulator is never called AWS", () => {
    expect(againstOf(moon, { live: false, endpointUrl: "http://127.0.0.1:5000" })).toEqual([]);
    expect(againstOf(moon, { live: true, endpointUrl: "http://127.0.0.1:5000" })).toEqual([
      "AWS API emulator at http://127.0.0.1:5000 (not real AWS)",
    ]);
    expect(againstOf(moon, { live: true, kubeconfig: "kc" })).toEqual([
      "real AWS, eu-west-1",
      "Kubernetes API from kc",
    ]);
    expect(againstOf(planOf(exampleObject("home")), { live: true, bastionLocal: true })).toEqual([
      "bastion: this machine",
    ]);
  });

  it("keeps every progress line with the seconds since the start", () => {
    let t = 1000;
    const seen: string[] = [];
    const c = stepClock(
      (l) => seen.push(l),
      () => t,
    );
    t = 1400;
    c.log("change set created");
    t = 13_450;
    c.log("stack CREATE_COMPLETE");
    expect(seen).toEqual(["change set created", "stack CREATE_COMPLETE"]);
    expect(c.steps).toEqual([
      { seconds: 0.4, line: "change set created" },
      { seconds: 12.5, line: "stack CREATE_COMPLETE" },
    ]);
    expect(c.elapsed()).toBe(12.5);
  });

  it("writes one file per run that the report reads back, and never overwrites one", () => {
    const dir = mkdtempSync(join(tmpdir(), "moonlab-runs-"));
    const at = new Date("2026-11-30T18:00:00.000Z");
    const result = {
      id: "t09/no-open-ingress",
      test: "T09" as const,
      title: "t",
      mode: "live" as const,
      status: "pass" as const,
      evidence: ["e"],
    };
    recordTestRun(dir, moon, [result], "plan+live", ["real AWS, eu-west-1"], at);
    expect(() => recordTestRun(dir, moon, [result], "plan+live", [], at)).toThrow(/EEXIST/);
    recordBench(
      dir,
      "local",
      { node: "n", firmware: "bios", rounds: [], chainSeconds: 32, directSeconds: 10.3, ratio: 3.1 } as never,
      at,
    );
    const read = (sub: string) =>
      new Map(readdirSync(join(dir, sub)).map((f) => [f, readFileSync(join(dir, sub, f), "utf8")] as const));
    const r = parseRecords(read("runs"), read("timings"));
    expect(r.unreadable).toEqual([]);
    expect(r.runs[0]).toMatchObject({
      recordedAt: at.toISOString(),
      against: ["real AWS, eu-west-1"],
      results: [result],
    });
    expect(r.timings[0]?.bench).toMatchObject({ ratio: 3.1, chainSeconds: 32 });
  });
});
