// HTML as typed trees (hastscript builds hast nodes, hast-util-to-html serializes them with correct escaping), so
// no spec value can break the markup. SVG from Graphviz and Vega goes in as a raw node: it is the layout engines'
// own output, not user text.
import type { Element, ElementContent, Root } from "hast";
import { toHtml } from "hast-util-to-html";
import { h } from "hastscript";
import type { Status } from "../../checks/check.ts";

export type Child = ElementContent | string;

/** Trusted markup produced by a library (SVG), inserted as is. */
export function raw(markup: string): ElementContent {
  return { type: "raw", value: markup } as unknown as ElementContent;
}

export interface PageOptions {
  readonly title: string;
  readonly css: readonly string[];
  readonly head?: readonly Element[];
  readonly body: readonly Child[];
  readonly bodyClass?: string;
}

/** A whole document: doctype, lang, charset, viewport; no external URL unless the caller adds one. */
export function page(o: PageOptions): string {
  const tree: Root = {
    type: "root",
    children: [
      { type: "doctype" },
      h("html", { lang: "en" }, [
        h("head", [
          h("meta", { charset: "utf-8" }),
          h("meta", { name: "viewport", content: "width=device-width, initial-scale=1" }),
          h("title", o.title),
          // Linked stylesheets first, so the page's own rules win over a framework theme's.
          ...(o.head ?? []),
          ...o.css.map((c) => h("style", c)),
        ]),
        h("body", o.bodyClass ? { class: o.bodyClass } : {}, [...o.body]),
      ]),
    ],
  };
  return `${toHtml(tree, { allowDangerousHtml: true })}\n`;
}

const LABEL: Record<Status, string> = { pass: "PASS", fail: "FAIL", "not-applicable": "N/A", error: "ERROR" };

/** A status as text and colour (never colour alone). */
export function badge(status: Status | "none", acknowledged = false): Element {
  if (status === "none") return h("span", { class: "badge none" }, "not run");
  return h(
    "span",
    { class: `badge ${status}${acknowledged ? " ack" : ""}` },
    acknowledged ? `${LABEL[status]} (acknowledged)` : LABEL[status],
  );
}

export function table(
  caption: string,
  head: readonly string[],
  rows: readonly (readonly Child[])[],
  className?: string,
): Element {
  // Wide tables scroll inside a focusable region on narrow screens instead of widening the page.
  return h("div", { class: "scroll", tabindex: 0, role: "region", "aria-label": caption }, [
    h("table", className ? { class: className } : {}, [
      h("caption", caption),
      h("thead", [
        h(
          "tr",
          head.map((c) => h("th", { scope: "col" }, c)),
        ),
      ]),
      h(
        "tbody",
        rows.map((r) =>
          h(
            "tr",
            r.map((c) => h("td", [c])),
          ),
        ),
      ),
    ]),
  ]);
}

export { h };
