// JUnit XML (the de-facto schema CI systems read): one <testsuite> per acceptance test, one <testcase> per check.
// fail -> <failure>, error -> <error>, not-applicable -> <skipped>, acknowledged fail -> passing case with a property.
import { create } from "xmlbuilder2";
import { ACCEPTANCE_IDS, ACCEPTANCE_TESTS } from "../acceptance.ts";
import { type Result, summarize } from "../result.ts";

export function formatJunit(results: readonly Result[], name = "moonlab"): string {
  const s = summarize(results);
  const root = create({ version: "1.0", encoding: "UTF-8" }).ele("testsuites", {
    name,
    tests: String(s.total),
    failures: String(s.failed),
    errors: String(s.errors),
    skipped: String(s.notApplicable),
  });
  for (const test of ACCEPTANCE_IDS) {
    const rs = results.filter((r) => r.test === test);
    if (rs.length === 0) continue;
    const ts = summarize(rs);
    const suite = root.ele("testsuite", {
      name: `${test} ${ACCEPTANCE_TESTS[test]}`,
      tests: String(ts.total),
      failures: String(ts.failed),
      errors: String(ts.errors),
      skipped: String(ts.notApplicable),
    });
    for (const r of rs) {
      const tc = suite.ele("testcase", { name: `${r.id} (${r.mode})`, classname: `moonlab.${test}` });
      if (r.acknowledged !== undefined)
        tc.ele("properties").ele("property", { name: "acknowledged", value: r.acknowledged });
      const text = [...r.evidence, ...(r.reason ? [r.reason] : [])].join("\n");
      if (r.status === "fail" && r.acknowledged === undefined) tc.ele("failure", { message: r.title }).txt(text);
      else if (r.status === "error") tc.ele("error", { message: r.reason ?? "error" }).txt(text);
      else if (r.status === "not-applicable") tc.ele("skipped", { message: r.reason ?? "not applicable" });
      if (r.evidence.length > 0 && r.status !== "fail") tc.ele("system-out").txt(r.evidence.join("\n"));
    }
  }
  return `${root.end({ prettyPrint: true })}\n`;
}
