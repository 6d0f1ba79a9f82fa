// The shared shape of the Talos config checks: read every node's rendered machine config (a node without one is a
// problem), judge each, and turn the problems and evidence into one verdict.
import type { Plan } from "../plan/types.ts";
import { type NodeConfig, type RenderedTree, readNodeConfigs } from "../render/talos/read.ts";
import { type Outcome, verdict } from "./check.ts";

/** The rendered node configs, and one problem per node whose config is missing. */
export function renderedNodeConfigs(
  plan: Plan,
  artifacts: RenderedTree,
): { configs: NodeConfig[]; problems: string[] } {
  const { configs, missing } = readNodeConfigs(plan, artifacts);
  return {
    configs,
    problems: missing.map((m) => `no machine config rendered for ${m} (render with the lab's secrets)`),
  };
}

/** Runs `judge` on each node config; `problem` prefixes the config's path. `judge` returns the node's evidence line
 * (undefined: none). */
export function judgeEachNodeConfig(
  plan: Plan,
  artifacts: RenderedTree,
  judge: (c: NodeConfig, problem: (what: string) => void) => string | undefined,
): Outcome {
  const { configs, problems } = renderedNodeConfigs(plan, artifacts);
  const ok: string[] = [];
  for (const c of configs) {
    const line = judge(c, (what) => problems.push(`${c.path}: ${what}`));
    if (line !== undefined) ok.push(line);
  }
  return verdict(problems, ok);
}
