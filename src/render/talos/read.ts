// Reads rendered talos/ artifacts back for the checks: each node's config documents by kind, and schematics.json.
import type { Group, Plan, PlanNode } from "../../plan/types.ts";
import { machineConfigPath } from "./index.ts";
import type { Schematic } from "./schematic.ts";

export type Doc = Record<string, unknown>;

/** What is read from the rendered tree (the checks' ArtifactTree fits; render does not import checks). */
export interface RenderedTree {
  has(path: string): boolean;
  yamlAll(path: string): unknown[];
  json<T = unknown>(path: string): T;
}

export interface NodeConfig {
  readonly node: PlanNode;
  readonly path: string;
  /** The v1alpha1 document (the one without `kind`). */
  readonly main: Doc;
  /** The other documents, in order. */
  readonly docs: readonly Doc[];
}

export interface SchematicSummary {
  readonly arch: string;
  readonly extensions: readonly string[];
  readonly id: string;
  readonly talosVersion: string;
  readonly urls: Schematic["urls"];
}

/** Nodes whose config was rendered, and the node names whose config is missing. */
export function readNodeConfigs(plan: Plan, tree: RenderedTree): { configs: NodeConfig[]; missing: string[] } {
  const configs: NodeConfig[] = [];
  const missing: string[] = [];
  for (const node of plan.nodes) {
    const path = machineConfigPath(node.name);
    if (!tree.has(path)) {
      missing.push(node.name);
      continue;
    }
    const all = tree.yamlAll(path) as Doc[];
    const main = all.find((d) => d && d.kind === undefined && d.version === "v1alpha1");
    if (!main) throw new Error(`${path} has no v1alpha1 document`);
    configs.push({ node, path, main, docs: all.filter((d) => d !== main) });
  }
  return { configs, missing };
}

export function readSchematics(tree: RenderedTree): Partial<Record<Group, SchematicSummary>> {
  return tree.json<Partial<Record<Group, SchematicSummary>>>("talos/schematics.json");
}

export function docsOfKind(c: NodeConfig, kind: string): Doc[] {
  return c.docs.filter((d) => d.kind === kind);
}

export const pemOf = (b64: unknown): string => Buffer.from(String(b64 ?? ""), "base64").toString("utf8");
