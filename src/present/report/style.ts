// The report's stylesheet, inlined so the page is one file that opens from disk. System fonts only (no web font
// download); every text colour has at least 4.5:1 contrast on its background.
export const REPORT_CSS = `
:root { --ink: #1f2933; --muted: #52606d; --line: #cbd2d9; --bg: #ffffff; --panel: #f5f7fa; --link: #1d4ed8; }
* { box-sizing: border-box; }
body { margin: 0; font-family: Arial, "Liberation Sans", Helvetica, sans-serif; color: var(--ink); background: var(--bg); line-height: 1.45; }
header, main, footer { max-width: 1200px; margin: 0 auto; padding: 0 1rem; }
header { padding-top: 1.5rem; }
h1 { font-size: 1.8rem; margin: 0 0 .25rem; }
h2 { font-size: 1.4rem; margin: 2rem 0 .5rem; padding-top: .5rem; border-top: 2px solid var(--line); }
h3 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
h4 { font-size: 1rem; margin: 0 0 .5rem; }
a { color: var(--link); }
code { font-family: "DejaVu Sans Mono", "Liberation Mono", Menlo, monospace; font-size: .9em; overflow-wrap: anywhere; }
nav.toc { display: flex; flex-wrap: wrap; gap: .25rem 1rem; margin: .75rem 0; }
.facts { display: grid; grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr)); gap: .5rem; margin: 1rem 0; }
.fact { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: .5rem .75rem; }
.fact strong { display: block; font-size: 1.2rem; }
.scroll { overflow-x: auto; max-width: 100%; }
.scroll:focus { outline: 2px solid var(--link); }
figure { margin: 1rem 0; }
figure svg { display: block; height: auto; }
figure.diagram svg { min-width: 900px; max-width: 100%; }
figure.chart svg { max-width: 100%; }
figcaption { color: var(--muted); font-size: .9rem; margin-top: .25rem; }
table { border-collapse: collapse; margin: .75rem 0; font-size: .9rem; }
caption { text-align: left; font-weight: bold; padding: .25rem 0; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: var(--panel); }
table.history td:nth-child(3) { min-width: 18rem; }
table.history td:nth-child(1) { white-space: nowrap; }
.badge { display: inline-block; border-radius: 4px; padding: 0 .4rem; font-size: .8rem; font-weight: bold; white-space: nowrap; }
.badge.pass { background: #dcfce7; color: #14532d; }
.badge.fail { background: #fee2e2; color: #7f1d1d; }
.badge.fail.ack { background: #fef9c3; color: #713f12; }
.badge.not-applicable { background: #e5e7eb; color: #374151; }
.badge.error { background: #fde68a; color: #78350f; }
.badge.none { background: #ffffff; color: #52606d; border: 1px solid var(--line); }
.test-index { display: flex; flex-wrap: wrap; gap: .4rem; margin: .75rem 0; }
.test-index a { text-decoration: none; border: 1px solid var(--line); border-radius: 6px; padding: .2rem .4rem; color: var(--ink); }
section.test { margin-top: 1.5rem; }
article.check { border: 1px solid var(--line); border-radius: 6px; padding: .75rem; margin: .5rem 0; }
dl.gwt { display: grid; grid-template-columns: max-content 1fr; gap: .1rem .75rem; margin: 0 0 .5rem; }
dl.gwt dt { font-weight: bold; color: var(--muted); }
dl.gwt dd { margin: 0; }
.results { display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); gap: .75rem; }
.result { background: var(--panel); border-radius: 6px; padding: .5rem .75rem; }
.result p { margin: .2rem 0; }
ul.evidence { margin: .25rem 0; padding-left: 1.2rem; font-size: .85rem; overflow-wrap: anywhere; }
.against { font-size: .9rem; }
.muted { color: var(--muted); }
footer { color: var(--muted); font-size: .85rem; padding: 2rem 1rem; }
@media print { .scroll { overflow: visible; } figure.diagram svg { min-width: 0; } }
`;
