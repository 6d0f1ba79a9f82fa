// `moonlab talk`: a reveal.js deck of one lab (talk/index.html), its figures filled in from the plan, the cost
// model and the latest results, plus the demo script (talk/demo-script.md). reveal.js's distribution files are
// copied into talk/vendor/reveal.js/ so the deck opens offline from disk; `?print-pdf` prints it for the backup.
// Pure: a LabView, the layout engine and the vendor files in, artifacts out.
import type { Element } from "hast";
import type { Artifact } from "../../artifacts/artifact.ts";
import { ACCEPTANCE_IDS, ACCEPTANCE_TESTS } from "../../checks/acceptance.ts";
import { usd } from "../../cost-model/format.ts";
import { bootChain } from "../boot-chain.ts";
import { figuresOf } from "../figures.ts";
import { badge, h, page, raw } from "../html/page.ts";
import { type Engines, type LabView, testStatus } from "../lab-view.ts";
import { type DemoStep, demoScript, demoScriptMarkdown } from "./demo-script.ts";

export const TALK_DIR = "talk";
const VENDOR = "vendor/reveal.js";

export interface VendorFile {
  /** Path inside reveal.js's dist/ (or LICENSE). */
  readonly path: string;
  readonly content: Uint8Array;
  readonly version: string;
}

export interface TalkOptions {
  /** The --spec the demo script should type (undefined: the built-in lab). */
  readonly specPath?: string;
}

const TALK_CSS = `
.reveal { font-family: Arial, "Liberation Sans", Helvetica, sans-serif; }
.reveal h1, .reveal h2, .reveal h3 { font-family: Arial, "Liberation Sans", Helvetica, sans-serif; text-transform: none; }
.reveal .slides section { text-align: left; }
.reveal .small { font-size: 0.55em; }
.reveal .tiny { font-size: 0.42em; }
.reveal figure { margin: 0; }
.reveal figure svg { max-width: 100%; max-height: 560px; height: auto; width: auto; display: block; margin: 0 auto; background: #fff; }
.reveal figure.chart svg { width: 85%; max-height: 470px; }
.reveal table { font-size: 0.5em; border-collapse: collapse; }
.reveal table th, .reveal table td { border: 1px solid #cbd2d9; padding: 0.15em 0.4em; }
.reveal code { font-family: "DejaVu Sans Mono", "Liberation Mono", Menlo, monospace; }
.reveal ol.demo { font-size: 0.5em; }
.reveal ol.demo li { margin-bottom: 0.35em; }
.reveal .grid { display: grid; grid-template-columns: repeat(5, 1fr); gap: 0.3em; font-size: 0.45em; }
.reveal .grid div { border: 1px solid #cbd2d9; border-radius: 6px; padding: 0.25em 0.4em; }
.reveal .slide-number { background-color: #1f2933; }
.reveal .slide-number a { color: #ffffff; }
.badge { display: inline-block; border-radius: 4px; padding: 0 .35em; font-weight: bold; }
.badge.pass { background: #dcfce7; color: #14532d; }
.badge.fail { background: #fee2e2; color: #7f1d1d; }
.badge.fail.ack { background: #fef9c3; color: #713f12; }
.badge.not-applicable { background: #e5e7eb; color: #374151; }
.badge.error { background: #fde68a; color: #78350f; }
.badge.none { background: #ffffff; color: #52606d; border: 1px solid #cbd2d9; }
`;

const slide = (title: string, children: (Element | string)[], notes?: string): Element =>
  h("section", [h("h2", title), ...children, ...(notes ? [h("aside", { class: "notes" }, notes)] : [])]);

const steps = (list: readonly DemoStep[], start = 1) =>
  h(
    "ol",
    { class: "demo", start },
    list.map((s) => h("li", [h("code", s.command), h("br"), s.shows])),
  );

const chunks = <T>(list: readonly T[], n: number): T[][] =>
  Array.from({ length: Math.ceil(list.length / n) }, (_, i) => list.slice(i * n, i * n + n));

export async function renderTalk(
  v: LabView,
  engines: Engines,
  vendor: readonly VendorFile[],
  options: TalkOptions = {},
): Promise<Artifact[]> {
  const p = v.plan;
  const { exposure, diagram, cost, chart, summary: s } = await figuresOf(v, engines);
  const demo = demoScript(v, options.specPath);
  const lastLive = [...v.records.runs].reverse().find((r) => r.results.some((x) => x.mode === "live"));
  const version = vendor[0]?.version ?? "unknown";

  const slides: Element[] = [
    h("section", [
      h("h1", "Take a home lab to the moon and back"),
      h(
        "p",
        `Lab ${p.lab}: Talos ${p.talos.version} + CozyStack ${p.cozystack.version} on ${p.target === "aws" ? `AWS Graviton (${p.region})` : p.target === "home" ? "a home network" : "a local rehearsal"}, netbooted from a bastion, proven by an acceptance suite.`,
      ),
      h("p", { class: "small" }, 'Goal: you leave thinking "I could replicate this in my own environment".'),
    ]),
    slide("The problem", [
      h("ul", [
        h("li", "You want an arm64 CozyStack lab before buying hardware"),
        h("li", "Cloud labs drift from home labs: different boot, different network, surprise bills"),
        h("li", '"It works" is not evidence: every layer needs a check you can rerun'),
      ]),
    ]),
    slide("The design: one spec, pure renders, an acceptance suite", [
      h("p", [h("code", "lab.yaml"), " -> validate -> plan -> render (byte-stable) -> write / deploy -> check"]),
      h("ul", { class: "small" }, [
        h(
          "li",
          `${v.artifacts.size} files rendered for lab ${p.lab}: CloudFormation, cloud-init, dnsmasq, matchbox, caches, Talos configs, GitOps`,
        ),
        h(
          "li",
          "every artifact checked by the program that consumes it (cfn-lint, dnsmasq, matchbox, Talos's validator, kustomize...)",
        ),
        h("li", `the same spec with target: home renders the same lab for your LAN`),
      ]),
    ]),
    h("section", [h("h2", "The architecture"), h("figure", [raw(diagram.inline)])]),
    slide("The boot chain", [
      h(
        "ol",
        { class: "small" },
        bootChain(p).map((b) => h("li", [h("strong", b.step), `: ${b.detail}`])),
      ),
      ...(v.records.timings.length > 0
        ? [
            h(
              "p",
              { class: "small" },
              `Measured: ${v.records.timings
                .at(-1)
                ?.nodes.map(
                  (n) =>
                    `${n.name} ${n.seconds !== undefined ? `${n.seconds.toFixed(1)} s` : "no phone-home"} (${n.firmware})`,
                )
                .join(", ")} (${v.records.timings.at(-1)?.against}).`,
            ),
          ]
        : [
            h(
              "p",
              { class: "small" },
              "Boot timings: not recorded for this lab (sudo moonlab rehearse / bench-boot record them).",
            ),
          ]),
    ]),
    slide(
      "Cost",
      p.target === "aws"
        ? [
            h(
              "p",
              { class: "small" },
              `${usd(cost.atRest.totalUsd)} a month at rest · ${usd(cost.session.totalUsd)} a session · ${usd(cost.month.totalUsd)} a month (AWS list prices of ${cost.pricesAsOf})`,
            ),
            h("figure", { class: "chart" }, [raw(chart ?? "")]),
          ]
        : [
            h(
              "p",
              `Target ${p.target}: no cloud bill. The AWS twin of this lab costs cents a session and nothing at rest.`,
            ),
          ],
    ),
    slide("Exposure: what is reachable from where", [
      h(
        "ul",
        { class: "small" },
        exposure.closed.map((c) => h("li", c)),
      ),
    ]),
    slide("Acceptance status", [
      h(
        "p",
        { class: "small" },
        `Plan mode now: ${s.passed} pass, ${s.failed} fail, ${s.notApplicable} not applicable, ${s.errors} errors. ${lastLive ? `Latest live run ${lastLive.recordedAt} against ${lastLive.against.join("; ")}.` : "No live run recorded yet."}`,
      ),
      h(
        "div",
        { class: "grid" },
        ACCEPTANCE_IDS.map((t) =>
          h("div", [
            h("strong", t),
            ` ${ACCEPTANCE_TESTS[t]}`,
            h("br"),
            "plan ",
            badge(testStatus(v.results, t)),
            h("br"),
            "live ",
            badge(
              lastLive
                ? testStatus(
                    lastLive.results.filter((r) => r.mode === "live"),
                    t,
                  )
                : "none",
            ),
          ]),
        ),
      ),
    ]),
    slide("And back: the same lab at home", [
      h("ul", { class: "small" }, [
        h("li", "same spec, target: home: the bastion is a box on your LAN"),
        h("li", "dnsmasq answers PXE as proxy-DHCP (your router keeps DHCP); nodes are picked by MAC"),
        h("li", "MetalLB L2 pool instead of a NodePort through the bastion"),
        h("li", [
          h("code", "./moonlab report --spec examples/home.lab.yaml"),
          " draws its own picture from the same code",
        ]),
      ]),
    ]),
    ...chunks(demo.main, 5).map((part, i, all) =>
      slide(
        all.length > 1 ? `Demo (${i + 1}/${all.length})` : "Demo",
        [steps(part, i * 5 + 1)],
        "Type the commands in order; each line says what the audience should see.",
      ),
    ),
    slide("When the cloud misbehaves", [steps(demo.fallback)]),
    slide("Backup: nodes and services", [
      h("table", [
        h("thead", [
          h(
            "tr",
            ["node", "role", "group", "address"].map((c) => h("th", { scope: "col" }, c)),
          ),
        ]),
        h(
          "tbody",
          p.nodes.map((n) => h("tr", [h("td", n.name), h("td", n.role), h("td", n.group), h("td", n.address)])),
        ),
      ]),
      h(
        "p",
        { class: "small" },
        `bastion ${p.bastion.address}: matchbox :${p.services.matchbox.port}, DNS :${p.services.dns.port}, registry :${p.services.registry.port}, caches ${p.caches.map((c) => `:${c.port} ${c.upstream}`).join(", ")}`,
      ),
    ]),
    slide("Backup: cost assumptions", [
      h(
        "ul",
        { class: "tiny" },
        cost.assumptions.map((a) => h("li", a)),
      ),
    ]),
  ];

  const html = page({
    title: `moonlab talk: lab ${p.lab}`,
    css: [TALK_CSS],
    head: [
      h("link", { rel: "stylesheet", href: `${VENDOR}/reveal.css` }),
      h("link", { rel: "stylesheet", href: `${VENDOR}/theme/white.css` }),
    ],
    body: [
      h("div", { class: "reveal" }, [h("div", { class: "slides" }, slides)]),
      h("script", { src: `${VENDOR}/reveal.js` }),
      h("script", { src: `${VENDOR}/plugin/notes.js` }),
      // reveal.js's own options: hash links per slide, the speaker-notes plugin (press S); nothing loads remotely.
      h("script", "Reveal.initialize({ hash: true, slideNumber: true, plugins: [RevealNotes] });"),
    ],
  });
  return [
    { path: `${TALK_DIR}/index.html`, content: html },
    { path: `${TALK_DIR}/demo-script.md`, content: demoScriptMarkdown(p.lab, demo) },
    { path: `${TALK_DIR}/diagram.svg`, content: diagram.svg },
    ...(chart ? [{ path: `${TALK_DIR}/cost.svg`, content: chart }] : []),
    ...vendor.map((f) => ({ path: `${TALK_DIR}/${VENDOR}/${f.path}`, content: f.content, header: false })),
    {
      path: `${TALK_DIR}/${VENDOR}/VERSION`,
      content: `reveal.js ${version} (npm), copied from its dist/\n`,
      header: false,
    },
  ];
}
