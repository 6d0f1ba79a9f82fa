// Layout is Graphviz's job: the app hands the renderers a `Layout` (Graphviz compiled to WebAssembly, the npm
// package @hpcc-js/wasm-graphviz, loaded once), so the renderers stay pure and the same DOT gives the same SVG.

import type { Plan } from "../../plan/types.ts";
import type { Exposure } from "../exposure.ts";
import { architectureDot } from "./graph.ts";

/** DOT text -> SVG text (the `dot` engine). */
export type Layout = (dot: string) => string;

export interface Diagram {
  readonly dot: string;
  /** The standalone SVG file as Graphviz wrote it. */
  readonly svg: string;
  /** The same drawing for inline use in HTML: no XML prolog or DOCTYPE, labelled as one image for screen readers. */
  readonly inline: string;
}

/** Graphviz's SVG without what only a standalone file needs (prolog, DOCTYPE, generator comments). */
export function inlineSvg(svg: string, label: string): string {
  const start = svg.indexOf("<svg");
  if (start < 0) throw new Error("the layout engine returned no <svg> element");
  const body = svg.slice(start).replace(/<!--[\s\S]*?-->\n?/g, "");
  const escaped = label.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  return body.replace(/^<svg\b/, `<svg role="img" aria-label="${escaped}"`);
}

export function architectureDiagram(plan: Plan, exposure: Exposure, layout: Layout): Diagram {
  const dot = architectureDot(plan, exposure);
  const svg = layout(dot);
  return {
    dot,
    svg,
    inline: inlineSvg(
      svg,
      `Architecture of lab ${plan.lab}: network, bastion services, nodes, boot chain, caches, GitOps and exposure`,
    ),
  };
}
