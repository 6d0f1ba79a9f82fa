// What the committed GitOps tree says about Moonlander, read back from the fleet repository's work tree with
// `kustomize build` (as kustomize-controller reads it, edits included): the Deployment that runs the controller (its
// ServiceAccount and arguments), the objects that give that ServiceAccount its rights, the Landing CRD, and the
// stage holding the Landings. The rehearsal runs the controller from these, never from constants of its own, so what
// it proves is what the tree deploys.
import type { Plan } from "../../plan/types.ts";
import { gitopsLayout } from "../../render/gitops/layout.ts";
import { groupOf, kustomizeBuild, NOT_SERVED_HERE, type Obj } from "./dry-run.ts";

export const LANDING_KIND = "Landing";

export interface ControllerFlags {
  /** "namespace/name" of the parent-kubeconfig source secret. */
  readonly source: string;
  readonly sourceKey: string;
  readonly resyncSeconds: number;
  readonly retrySeconds: number;
}

export interface MoonlanderTree {
  readonly serviceAccount: { readonly namespace: string; readonly name: string };
  readonly flags: ControllerFlags;
  /** The tree's objects kustomize-controller must have applied before the controller can run with its rights. */
  readonly rbac: readonly Obj[];
  /** The guest stage's objects this API server serves, Landings excluded (the tenant-namespace Role, its binding). */
  readonly guestObjects: readonly Obj[];
  readonly landings: readonly Obj[];
}

type Container = { args?: string[] };
type PodSpec = { serviceAccountName?: string; containers?: Container[] };

const isController = (c: Container): boolean => c.args?.[0] === "moonlander" && c.args[1] === "run";

/** `--flag value` pairs of the container's arguments. */
function flagsOf(args: readonly string[]): ControllerFlags {
  const v = (flag: string): string => {
    const i = args.indexOf(flag);
    const value = i >= 0 ? args[i + 1] : undefined;
    if (value === undefined) throw new Error(`the tree's Moonlander Deployment has no ${flag}`);
    return value;
  };
  return {
    source: v("--parent-kubeconfig-secret"),
    sourceKey: v("--parent-kubeconfig-key"),
    resyncSeconds: Number(v("--resync")),
    retrySeconds: Number(v("--retry")),
  };
}

/** Bindings whose subjects include the ServiceAccount, the roles they name, and the ServiceAccount itself. */
function rightsOf(objects: readonly Obj[], sa: { namespace: string; name: string }): Obj[] {
  type Binding = { subjects?: { kind: string; name: string; namespace?: string }[]; roleRef?: { name: string } };
  const bindings = objects.filter(
    (o) =>
      (o.kind === "RoleBinding" || o.kind === "ClusterRoleBinding") &&
      ((o as Binding).subjects ?? []).some(
        (s) => s.kind === "ServiceAccount" && s.name === sa.name && s.namespace === sa.namespace,
      ),
  );
  const roles = objects.filter(
    (o) =>
      (o.kind === "Role" || o.kind === "ClusterRole") &&
      bindings.some(
        (b) =>
          (b as Binding).roleRef?.name === o.metadata.name &&
          b.kind.replace("Binding", "") === o.kind &&
          (o.kind === "ClusterRole" || b.metadata.namespace === o.metadata.namespace),
      ),
  );
  const account = objects.filter(
    (o) => o.kind === "ServiceAccount" && o.metadata.name === sa.name && o.metadata.namespace === sa.namespace,
  );
  return [...account, ...roles, ...bindings];
}

export async function readMoonlanderTree(plan: Plan, workTree: string): Promise<MoonlanderTree> {
  const l = gitopsLayout(plan);
  const infra = await kustomizeBuild(`${workTree}/${l.repoPath}/${l.dir.infrastructure}`);
  const guest = await kustomizeBuild(`${workTree}/${l.repoPath}/${l.dir.guest}`);
  const deployment = infra.find(
    (o) =>
      o.kind === "Deployment" &&
      ((o.spec as { template?: { spec?: PodSpec } }).template?.spec?.containers ?? []).some(isController),
  );
  if (!deployment) throw new Error(`the tree's ${l.dir.infrastructure}/ deploys no Moonlander controller`);
  const pod = (deployment.spec as { template: { spec: PodSpec } }).template.spec;
  const container = (pod.containers ?? []).find(isController) as Container;
  const serviceAccount = {
    namespace: deployment.metadata.namespace ?? "default",
    name: pod.serviceAccountName ?? "default",
  };
  const crds = infra.filter(
    (o) =>
      o.kind === "CustomResourceDefinition" && (o.spec as { names?: { kind?: string } }).names?.kind === LANDING_KIND,
  );
  const served = guest.filter((o) => NOT_SERVED_HERE[groupOf(o.apiVersion)] === undefined);
  return {
    serviceAccount,
    flags: flagsOf(container.args ?? []),
    rbac: [...crds, ...rightsOf([...infra, ...guest], serviceAccount).filter((o) => infra.includes(o))],
    guestObjects: served.filter((o) => o.kind !== LANDING_KIND),
    landings: served.filter((o) => o.kind === LANDING_KIND),
  };
}

export const refOf = (o: Obj): string =>
  `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ""}${o.metadata.name}`;
