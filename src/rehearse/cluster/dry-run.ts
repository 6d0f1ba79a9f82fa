// Server-side validation of the rendered GitOps tree: every object of every Flux Kustomization path that the fleet
// source serves (`kustomize build` of the path, as kustomize-controller does) is sent to a real API server as a
// server-side apply with dryRun=All. The API server checks it against the installed CRDs' structural schemas
// (unknown fields are errors under server-side apply), applies defaults and runs CEL validation rules; nothing is
// stored. The tree's own CRDs and Namespaces are applied for real first (objects inside them need them), and so
// are the namespaces CozyStack creates before the tree runs (the tree's objects live in them).
import { ApiException, KubernetesObjectApi, PatchStrategy } from "@kubernetes/client-node";
import { parseAllDocuments } from "yaml";
import { kubeConfigFrom } from "../../adapters/kube/client-node.ts";
import type { Plan } from "../../plan/types.ts";
import { gitopsLayout } from "../../render/gitops/layout.ts";
import { runOk } from "../proc.ts";
import { program } from "../tools.ts";

export type Obj = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [k: string]: unknown };
  [k: string]: unknown;
};

/** API groups a tree may use that are not CRDs, and why no local control plane serves them. */
export const NOT_SERVED_HERE: Readonly<Record<string, string>> = {
  "apps.cozystack.io":
    "CozyStack's aggregated API server (cozystack-api) serves it, not a CRD; it runs only with CozyStack",
};

export interface DryRunObject {
  readonly path: string;
  readonly ref: string;
  readonly verdict: "accepted" | "rejected" | "not-served-here";
  readonly message: string;
}

export interface DryRunReport {
  readonly paths: readonly { readonly kustomization: string; readonly path: string; readonly objects: number }[];
  readonly objects: readonly DryRunObject[];
  /** Namespaces created for real because the tree's objects live in them but CozyStack, not the tree, makes them. */
  readonly standInNamespaces: readonly string[];
  readonly ok: boolean;
}

const refOf = (o: Obj): string =>
  `${o.apiVersion} ${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ""}${o.metadata.name}`;

export function groupOf(apiVersion: string): string {
  return apiVersion.includes("/") ? (apiVersion.split("/")[0] ?? "") : "";
}

/** The Flux Kustomizations of the tree that reconcile a path of the fleet repository, with that path. */
export function fleetPaths(plan: Plan, treeObjects: readonly Obj[]): { kustomization: string; path: string }[] {
  const l = gitopsLayout(plan);
  const out = treeObjects
    .filter(
      (o) =>
        o.kind === "Kustomization" &&
        o.apiVersion.startsWith("kustomize.toolkit.fluxcd.io/") &&
        (o.spec as { sourceRef?: { name?: string } } | undefined)?.sourceRef?.name === l.sourceName,
    )
    .map((o) => ({
      kustomization: `${o.metadata.namespace ?? ""}/${o.metadata.name}`,
      path: String((o.spec as { path?: string }).path ?? "").replace(/^\.\//, ""),
    }));
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export async function kustomizeBuild(dir: string): Promise<Obj[]> {
  const out = await runOk(program("kustomize"), ["build", dir], 60_000);
  return parseAllDocuments(out)
    .map((d) => d.toJS() as Obj | null)
    .filter((o): o is Obj => o !== null && typeof o === "object" && typeof o.kind === "string");
}

function messageOf(e: unknown): string {
  if (e instanceof ApiException) {
    const body = typeof e.body === "string" ? e.body : JSON.stringify(e.body);
    try {
      return `${e.code}: ${(JSON.parse(body) as { message?: string }).message ?? body}`;
    } catch {
      return `${e.code}: ${body}`;
    }
  }
  return e instanceof Error ? e.message : String(e);
}

// Discovery finds no such group/version (client-node's message) or the server answers 404 for the resource path:
// a server-side apply never 404s on an object that exists or not, so a 404 means the kind is not served.
const notServed = (e: unknown): boolean =>
  (e instanceof Error && /Unrecognized API version and kind/.test(e.message)) ||
  (e instanceof ApiException && e.code === 404);

/**
 * Dry-runs every object of every fleet path of the tree written at `workTree` (the repository root). `flux/` is
 * included: it is the path the sync Kustomization itself reconciles.
 */
export async function dryRunTree(plan: Plan, workTree: string, kubeconfigPath: string): Promise<DryRunReport> {
  const api = KubernetesObjectApi.makeApiClient(kubeConfigFrom(kubeconfigPath));
  const l = gitopsLayout(plan);
  const fluxObjects = await kustomizeBuild(`${workTree}/${l.repoPath}/${l.dir.flux}`);
  const paths = [{ kustomization: `${l.sourceNamespace}/${l.sourceName}`, path: `${l.repoPath}/${l.dir.flux}` }];
  for (const p of fleetPaths(plan, fluxObjects)) if (!paths.some((q) => q.path === p.path)) paths.push(p);
  // The remote Kustomization (harvey-sync) is not in flux/: collect from every built path.
  const built = new Map<string, Obj[]>();
  for (let i = 0; i < paths.length; i++) {
    const p = paths[i];
    if (!p || built.has(p.path)) continue;
    const objs = await kustomizeBuild(`${workTree}/${p.path}`);
    built.set(p.path, objs);
    for (const q of fleetPaths(plan, objs)) if (!paths.some((x) => x.path === q.path)) paths.push(q);
  }

  const all = [...built.values()].flat();
  const apply = (o: Obj, dryRun: boolean) =>
    api.patch(o, undefined, dryRun ? "All" : undefined, "moonlab-dry-run", true, PatchStrategy.ServerSideApply);
  // Prerequisites for real: the tree's CRDs, its Namespaces, and namespaces it uses but does not create.
  for (const o of all.filter((x) => x.kind === "CustomResourceDefinition")) await apply(o, false);
  const created = new Set(all.filter((o) => o.kind === "Namespace").map((o) => o.metadata.name));
  const used = new Set(all.map((o) => o.metadata.namespace).filter((n): n is string => n !== undefined));
  const standIn = [...used].filter((n) => !created.has(n)).sort();
  for (const name of [...created, ...standIn])
    await apply({ apiVersion: "v1", kind: "Namespace", metadata: { name } }, false);
  if (all.some((o) => o.kind === "CustomResourceDefinition"))
    await runOk(
      program("kubectl"),
      [`--kubeconfig=${kubeconfigPath}`, "wait", "--for=condition=Established", "--timeout=60s", "crd", "--all"],
      70_000,
    );

  const objects: DryRunObject[] = [];
  for (const [path, objs] of built)
    for (const o of objs) {
      const ref = refOf(o);
      try {
        await apply(o, true);
        objects.push({ path, ref, verdict: "accepted", message: "" });
      } catch (e) {
        const why = NOT_SERVED_HERE[groupOf(o.apiVersion)];
        if (notServed(e) && why) objects.push({ path, ref, verdict: "not-served-here", message: why });
        else objects.push({ path, ref, verdict: "rejected", message: messageOf(e) });
      }
    }
  return {
    paths: paths.map((p) => ({ ...p, objects: built.get(p.path)?.length ?? 0 })),
    objects,
    standInNamespaces: standIn,
    ok: objects.every((o) => o.verdict !== "rejected"),
  };
}
