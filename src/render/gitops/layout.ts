// Names and paths of the gitops tree, derived from the plan in one place so the renderer, the checks and
// `moonlab gitops push` cannot disagree. The tree is rendered under `gitops/` and committed to the fleet
// repository at plan.gitops.path; Flux paths are relative to the repository root.
import type { Plan } from "../../plan/types.ts";

/** Artifact path prefix of this family. */
export const ROOT = "gitops";

import { SPIN_EXTENSION } from "../../plan/labels.ts";

// The node label the Talos renderer sets on nodes whose group schematic has siderolabs/spin: one definition in the plan.
export { SPIN_EXTENSION, SPIN_NODE_LABEL } from "../../plan/labels.ts";

export const RUNTIME_CLASS = "wasmtime-spin-v2";
export const SPIN_EXECUTOR = "containerd-shim-spin";
export const SPIN_OPERATOR_NAMESPACE = "spin-operator";
export const DEMO_NAMESPACE = "demo";
export const DEMO_APP = "hello-spin";
/** Label spin-operator puts on the pods of a SpinApp. */
export const SPINAPP_POD_LABEL = "core.spinkube.dev/app-name";
/** Where CozyStack runs MetalLB; its IPAddressPools must live there. */
export const METALLB_NAMESPACE = "cozy-metallb";
export const LB_POOL_NAME = "moonlab";
/** Fixed NodePort of the demo service on AWS (the bastion and the checks reach it on every node). */
export { DEMO_NODE_PORT } from "../../plan/ports.ts";

/** T11/T12: the tenant and the guest cluster (Harvey, which runs Crossplane). */
export const TENANT = "lab";
export const TENANT_NAMESPACE = `tenant-${TENANT}`;
export const GUEST_CLUSTER = "harvey";
/** CozyStack writes the guest cluster's admin kubeconfig here (key admin.conf). */
export const GUEST_KUBECONFIG_SECRET = `kubernetes-${GUEST_CLUSTER}-admin-kubeconfig`;
export const GUEST_KUBECONFIG_KEY = "admin.conf";
/** Moonlander writes the parent kubeconfig into the guest cluster here; Harvey's ProviderConfig reads it. */
export const REMOTE_KUBECONFIG_SECRET = "remote-kubeconfig";
export const REMOTE_KUBECONFIG_KEY = "kubeconfig";
export const CROSSPLANE_NAMESPACE = "crossplane-system";
export const MOONLANDER_NAMESPACE = "moonlander-system";
/** Moonlander's Deployment and ServiceAccount. */
export const MOONLANDER = "moonlander";
/** The secret (in MOONLANDER_NAMESPACE) holding the parent kubeconfig Moonlander hands to each child, and its key. */
export const MOONLANDER_SOURCE_SECRET = "parent-kubeconfig";
export const MOONLANDER_SOURCE_KEY = "kubeconfig";

/** The Flux Kustomizations this tree declares, in dependency order. */
export const STAGES = ["crds", "infrastructure", "apps", "tenants", "guest", "harvey"] as const;
export type Stage = (typeof STAGES)[number];

export interface GitopsLayout {
  /** Repository-relative directory the tree is committed to, without a leading ./ or trailing /. */
  readonly repoPath: string;
  readonly sourceNamespace: string;
  readonly sourceName: string;
  /** Flux Kustomization name per stage. */
  readonly kustomization: Readonly<Record<Stage, string>>;
  /** The Kustomization (in the tenant namespace) that applies harvey/ inside the guest cluster. */
  readonly harveyRemote: string;
  /** Tree directory (under gitops/) each local stage reconciles; crds come from upstream. */
  readonly dir: Readonly<Record<Exclude<Stage, "crds">, string>> & {
    readonly flux: string;
    readonly harveyRemote: string;
  };
}

export function gitopsLayout(plan: Plan): GitopsLayout {
  const repoPath = plan.gitops.path.replace(/^\.?\/+/, "").replace(/\/+$/, "");
  return {
    repoPath,
    sourceNamespace: plan.gitops.sourceNamespace,
    sourceName: plan.gitops.sourceName,
    kustomization: {
      crds: "moonlab-crds",
      infrastructure: "moonlab-infrastructure",
      apps: "moonlab-apps",
      tenants: "moonlab-tenants",
      guest: "moonlab-guest",
      harvey: "moonlab-harvey",
    },
    harveyRemote: "moonlab-harvey-remote",
    dir: {
      flux: "flux",
      infrastructure: "infrastructure",
      apps: "apps",
      tenants: "tenants",
      guest: "guest",
      harvey: "harvey-sync",
      harveyRemote: "harvey",
    },
  };
}

/** The Flux `path` of a tree directory: relative to the repository root, starting with ./ as Flux documents. */
export function fluxPath(layout: GitopsLayout, dir: string): string {
  return layout.repoPath === "" ? `./${dir}` : `./${layout.repoPath}/${dir}`;
}

/** Nodes that can run Spin apps: their group's schematic has the spin extension. */
export function spinGroups(plan: Plan): string[] {
  return (Object.keys(plan.groups) as (keyof Plan["groups"])[]).filter((g) =>
    plan.groups[g].extensions.includes(SPIN_EXTENSION),
  );
}
