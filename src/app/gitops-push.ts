// The library side of `moonlab gitops push`: load the lab, take the tree (fresh render, or what `moonlab plan`
// wrote under --out), and push it.
import { join } from "node:path";
import { type PushResult, pushTree, treeFromArtifacts, treeFromDirectory } from "../fleet/push.ts";
import { loadLab } from "../plan/load-lab.ts";
import { gitopsArtifacts } from "../render/gitops/index.ts";

export interface GitopsPushOptions {
  readonly spec?: string;
  readonly repo?: string;
  /** Output root of `moonlab plan`: push <out>/gitops as written there instead of rendering again. */
  readonly out?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly dryRun?: boolean;
}

export function gitopsPush(o: GitopsPushOptions): PushResult {
  const lab = loadLab(o.spec);
  const tree =
    o.out === undefined ? treeFromArtifacts(gitopsArtifacts(lab.plan)) : treeFromDirectory(join(o.out, "gitops"));
  return pushTree(lab.plan, tree, {
    ...(o.repo !== undefined ? { repo: o.repo } : {}),
    ...(o.env ? { env: o.env } : {}),
    ...(o.dryRun ? { dryRun: true } : {}),
  });
}
