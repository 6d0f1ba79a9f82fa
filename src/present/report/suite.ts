// The acceptance suite section: every test T01-T12, C01-C03, each check with its GIVEN/WHEN/THEN, its plan-mode
// result now and its latest recorded live result, with evidence, and what that live run ran against. A live result
// is never shown without its run's target: that is what makes it evidence.
import type { Element } from "hast";
import { ACCEPTANCE_IDS, ACCEPTANCE_TESTS } from "../../checks/acceptance.ts";
import type { Result } from "../../checks/result.ts";
import { summarize } from "../../checks/result.ts";
import { badge, type Child, h, table } from "../html/page.ts";
import { type LabView, latestLive, testStatus } from "../lab-view.ts";

function evidence(r: Pick<Result, "evidence" | "reason" | "acknowledged">): Element {
  const lines = [
    ...r.evidence,
    ...(r.reason !== undefined ? [`reason: ${r.reason}`] : []),
    ...(r.acknowledged !== undefined ? [`acknowledged: ${r.acknowledged}`] : []),
  ];
  return lines.length === 0
    ? h("p", { class: "muted" }, "no evidence lines")
    : h(
        "ul",
        { class: "evidence" },
        lines.map((l) => h("li", l)),
      );
}

function checkCard(v: LabView, id: string): Element {
  const check = v.checks.find((c) => c.id === id);
  const plan = v.results.find((r) => r.id === id);
  const live = latestLive(v.records, id);
  return h("article", { class: "check", id: `check-${id.replace("/", "-")}` }, [
    h("h4", [h("code", id), ` ${check?.title ?? plan?.title ?? ""}`]),
    ...(check
      ? [
          h("dl", { class: "gwt" }, [
            h("dt", "GIVEN"),
            h("dd", check.given),
            h("dt", "WHEN"),
            h("dd", check.when),
            h("dt", "THEN"),
            h("dd", check.then),
          ]),
        ]
      : []),
    h("div", { class: "results" }, [
      h("div", { class: "result" }, [
        h("p", [
          "plan mode (this render): ",
          plan ? badge(plan.status, plan.acknowledged !== undefined) : badge("none"),
        ]),
        ...(plan ? [evidence(plan)] : []),
      ]),
      h("div", { class: "result" }, [
        h("p", [
          "live: ",
          live ? badge(live.result.status, live.result.acknowledged !== undefined) : badge("none"),
          ...(live ? [` (run ${live.run.recordedAt})`] : []),
        ]),
        ...(live
          ? [
              h("p", { class: "against" }, [
                h("strong", "ran against: "),
                live.run.against.join("; ") || "not recorded",
              ]),
              evidence(live.result),
            ]
          : [h("p", { class: "muted" }, "no live run recorded (moonlab test --live)")]),
      ]),
    ]),
  ]);
}

export function suiteSection(v: LabView): Element {
  const s = summarize(v.results);
  const ids = [...new Set([...v.checks.map((c) => c.id), ...v.results.map((r) => r.id)])];
  return h("section", { id: "suite", "aria-labelledby": "suite-h" }, [
    h("h2", { id: "suite-h" }, "Acceptance suite"),
    h(
      "p",
      `Plan mode over this render: ${s.passed} passed, ${s.failed} failed, ${s.acknowledged} acknowledged, ${s.notApplicable} not applicable, ${s.errors} errors of ${s.total} checks.`,
    ),
    h(
      "nav",
      { "aria-label": "tests", class: "test-index" },
      ACCEPTANCE_IDS.map((t) => h("a", { href: `#${t}` }, [h("span", t), " ", badge(testStatus(v.results, t))])),
    ),
    ...ACCEPTANCE_IDS.map((t) => {
      const mine = ids.filter(
        (id) => (v.checks.find((c) => c.id === id)?.test ?? v.results.find((r) => r.id === id)?.test) === t,
      );
      return h("section", { id: t, class: "test", "aria-labelledby": `${t}-h` }, [
        h("h3", { id: `${t}-h` }, [`${t} ${ACCEPTANCE_TESTS[t]} `, badge(testStatus(v.results, t))]),
        ...(mine.length === 0
          ? [h("p", { class: "muted" }, "no checks registered for this test")]
          : mine.map((id) => checkCard(v, id))),
      ]);
    }),
  ]);
}

export function historySection(v: LabView): Element {
  const runs = [...v.records.runs].reverse();
  const rows: Child[][] = runs.map((r) => [
    h("code", r.recordedAt),
    r.mode,
    r.against.join("; ") || "plan only",
    `${r.summary.passed}/${r.summary.total} passed, ${r.summary.failed} failed, ${r.summary.errors} errors`,
    ...ACCEPTANCE_IDS.map((t) => badge(testStatus(r.results, t))),
  ]);
  return h("section", { id: "history", "aria-labelledby": "history-h" }, [
    h("h2", { id: "history-h" }, "History"),
    runs.length === 0
      ? h("p", [
          "No runs recorded yet: every ",
          h("code", "moonlab test"),
          ` run is kept under .moonlab/${v.plan.lab}/runs/.`,
        ])
      : table(
          `Recorded moonlab test runs of lab ${v.plan.lab}, newest first`,
          ["recorded", "mode", "ran against", "summary", ...ACCEPTANCE_IDS],
          rows,
          "history",
        ),
    ...(v.records.unreadable.length > 0
      ? [
          h("h3", "Unreadable records"),
          h(
            "ul",
            v.records.unreadable.map((u) => h("li", [h("code", u.file), `: ${u.why}`])),
          ),
        ]
      : []),
  ]);
}
