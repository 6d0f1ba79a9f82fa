import { describe, expect, it } from "vitest";
import { parseRecords, recordFileName } from "./records.ts";

const run = (recordedAt: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    recordedAt,
    lab: "moon",
    mode: "plan+live",
    against: ["AWS API emulator at http://127.0.0.1:5000 (not real AWS)"],
    summary: { total: 1, passed: 1, failed: 0, acknowledged: 0, notApplicable: 0, errors: 0 },
    results: [{ id: "t09/no-open-ingress", test: "T09", title: "t", mode: "live", status: "pass", evidence: ["e"] }],
    ...extra,
  });

describe("records", () => {
  it("orders runs by time whatever the file order, and lists files it cannot read with why", () => {
    const r = parseRecords(
      new Map([
        ["b.json", run("2026-11-30T10:00:00.000Z")],
        ["a.json", run("2026-11-30T12:00:00.000Z")],
        ["broken.json", "{not json"],
        ["wrong.json", run("2026-11-30T11:00:00.000Z", { against: "a string" })],
      ]),
      new Map(),
    );
    expect(r.runs.map((x) => x.file)).toEqual(["b.json", "a.json"]);
    expect(r.unreadable.map((u) => u.file)).toEqual(["broken.json", "wrong.json"]);
    expect(r.unreadable[0]?.why).toMatch(/^not JSON/);
    expect(r.unreadable[1]?.why).toMatch(/^against:/);
  });

  it("names record files by time so they sort, without characters file systems refuse", () => {
    expect(recordFileName("2026-11-30T10:00:00.123Z", "test")).toBe("2026-11-30T10-00-00-123Z-test.json");
  });
});
