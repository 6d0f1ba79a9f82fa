import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import type { Result } from "../result.ts";
import { formatConsole } from "./console.ts";
import { formatJson } from "./json.ts";
import { formatJunit } from "./junit.ts";

const results: Result[] = [
  { id: "t01/a", test: "T01", title: "A", mode: "plan", status: "pass", evidence: ["vpc 10.10.0.0/16"] },
  { id: "t01/b", test: "T01", title: "B & <b>", mode: "plan", status: "fail", evidence: ["nat gateway found: nat-1"] },
  {
    id: "t09/c",
    test: "T09",
    title: "C",
    mode: "live",
    status: "error",
    evidence: [],
    reason: "127.0.0.1:4566 refused",
  },
  {
    id: "t09/d",
    test: "T09",
    title: "D",
    mode: "live",
    status: "not-applicable",
    evidence: [],
    reason: "moto has no IPv6",
  },
  {
    id: "t09/e",
    test: "T09",
    title: "E",
    mode: "plan",
    status: "fail",
    evidence: ["x"],
    acknowledged: "lab only, documented",
  },
];

describe("reporters", () => {
  it("console groups by acceptance test and shows failures, errors and acknowledgements", () => {
    const out = formatConsole(results);
    expect(out).toMatch(/^T01 Network foundation \[FAILING\]/m);
    expect(out).toMatch(/^T09 No public exposure \[FAILING\]/m);
    expect(out).toContain("FAIL t01/b (plan) B & <b>");
    expect(out).toContain("nat gateway found: nat-1");
    expect(out).toContain("error: 127.0.0.1:4566 refused");
    expect(out).toContain("acknowledged: lab only, documented");
    expect(out).toContain("checks: 1 passed, 1 failed, 1 acknowledged, 1 not applicable, 1 errors");
    expect(out.indexOf("T01")).toBeLessThan(out.indexOf("T09"));
  });

  it("JSON is stable and round-trips", () => {
    const a = formatJson(results, { lab: "moon" });
    expect(formatJson(results, { lab: "moon" })).toBe(a);
    const parsed = JSON.parse(a);
    expect(parsed.summary).toEqual({ total: 5, passed: 1, failed: 1, acknowledged: 1, notApplicable: 1, errors: 1 });
    expect(parsed.results[4].acknowledged).toBe("lab only, documented");
  });

  it("JUnit XML is well-formed and parses back to the same verdicts", () => {
    const xml = formatJunit(results);
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(xml);
    const root = doc.testsuites;
    expect(root.tests).toBe("5");
    expect(root.failures).toBe("1");
    expect(root.errors).toBe("1");
    expect(root.skipped).toBe("1");
    const suites = Array.isArray(root.testsuite) ? root.testsuite : [root.testsuite];
    expect(suites.map((s: { name: string }) => s.name)).toEqual(["T01 Network foundation", "T09 No public exposure"]);
    const cases = suites.flatMap((s: { testcase: unknown }) => (Array.isArray(s.testcase) ? s.testcase : [s.testcase]));
    const byName = Object.fromEntries(cases.map((c: { name: string }) => [c.name, c]));
    expect(byName["t01/a (plan)"].failure).toBeUndefined();
    expect(byName["t01/b (plan)"].failure["#text"]).toContain("nat-1");
    expect(byName["t09/c (live)"].error.message).toContain("refused");
    expect(byName["t09/d (live)"].skipped.message).toBe("moto has no IPv6");
    expect(byName["t09/e (plan)"].failure).toBeUndefined();
    expect(byName["t09/e (plan)"].properties.property.value).toBe("lab only, documented");
    expect(xml).toContain("B &amp; &lt;b&gt;");
  });
});
