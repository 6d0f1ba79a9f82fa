// The image inventory of a lab: every container image it will run, by component, with where the reference comes
// from. Read from the rendered tree (bastion services, GitOps objects and the charts they install), the plan
// (the Talos installer of each node group) and the pinned CozyStack release's image table.
import type { ArtifactTree } from "../../artifacts/tree.ts";
import { normaliseImage } from "../../lib/image-name.ts";
import type { Group, Plan } from "../../plan/types.ts";
import { CHART_IMAGES } from "../../versions/chart-images.ts";
import { COZYSTACK_V1_6_2_IMAGES } from "../../versions/cozystack-images.ts";
import type { ReleaseImages } from "../../versions/release-images.ts";
import { TREE } from "../bastion/layout.ts";
import { readServices } from "../bastion/read.ts";
import { renderedObjects } from "../gitops/read.ts";
import { schematicFor } from "../talos/schematic.ts";

export interface InventoryImage {
  /** Where it runs, grouped for the report: bastion/<service>, talos/<group>, gitops/..., cozystack/<package>. */
  readonly component: string;
  /** Fully qualified reference. */
  readonly image: string;
  /** The file and key (or table) it was read from. */
  readonly source: string;
}

export interface Inventory {
  readonly images: readonly InventoryImage[];
  /** What the inventory cannot see, said plainly (printed under the report). */
  readonly notes: readonly string[];
}

/** The image tables of the CozyStack releases in the version matrix (generated, with their provenance). */
export const COZYSTACK_IMAGE_TABLES: Readonly<Record<string, ReleaseImages>> = {
  [COZYSTACK_V1_6_2_IMAGES.version]: COZYSTACK_V1_6_2_IMAGES,
};

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * `image:` strings anywhere in an object (containers, SpinApp.spec.image), and image volumes' `image.reference`
 * (a pod's volumes[].image: an OCI image the kubelet pulls and mounts, e.g. Moonlander's controller), with their path.
 */
function imageFields(v: unknown, path: string[], out: { path: string; image: string }[]): void {
  if (Array.isArray(v)) {
    for (const [i, x] of v.entries()) imageFields(x, [...path, String(i)], out);
  } else if (isObj(v))
    for (const [k, x] of Object.entries(v)) {
      if (k === "image" && typeof x === "string") out.push({ path: [...path, k].join("."), image: x });
      else if (k === "image" && isObj(x) && typeof x.reference === "string")
        out.push({ path: [...path, k, "reference"].join("."), image: x.reference });
      else imageFields(x, [...path, k], out);
    }
}

function gitopsImages(tree: ArtifactTree): InventoryImage[] {
  const out: InventoryImage[] = [];
  for (const o of renderedObjects(tree)) {
    const where = `${o.path} ${o.kind}/${o.metadata.name}`;
    const found: { path: string; image: string }[] = [];
    imageFields(o.spec, ["spec"], found);
    for (const f of found)
      out.push({
        component: `gitops/${o.kind.toLowerCase()}`,
        image: normaliseImage(f.image),
        source: `${where} ${f.path}`,
      });
    const spec = isObj(o.spec) ? o.spec : {};
    // Crossplane packages are OCI images the package manager pulls and runs as the provider's controller.
    if (o.kind === "Provider" && typeof spec.package === "string")
      out.push({
        component: "gitops/crossplane-provider",
        image: normaliseImage(spec.package),
        source: `${where} spec.package`,
      });
    // Charts: the tree names the chart and version; the images come from the pinned chart table.
    const chart = chartOf(o.kind, spec);
    if (chart)
      for (const c of CHART_IMAGES)
        if (c.chart.endsWith(`/${chart.name}`) && c.version === chart.version)
          for (const i of c.images)
            out.push({
              component: i.component,
              image: i.image,
              source: `${where} (chart ${chart.name} ${c.version}): ${i.source}`,
            });
  }
  return out;
}

function chartOf(kind: string, spec: Record<string, unknown>): { name: string; version: string } | undefined {
  if (kind === "OCIRepository" && typeof spec.url === "string" && isObj(spec.ref) && typeof spec.ref.tag === "string")
    return { name: spec.url.split("/").pop() ?? "", version: spec.ref.tag };
  const s = isObj(spec.chart) && isObj(spec.chart.spec) ? spec.chart.spec : undefined;
  if (kind === "HelmRelease" && s && typeof s.chart === "string" && typeof s.version === "string")
    return { name: s.chart, version: s.version };
  return undefined;
}

export function imageInventory(plan: Plan, tree: ArtifactTree): Inventory {
  const images: InventoryImage[] = [];
  const notes: string[] = [];
  if (tree.has(TREE.services))
    for (const s of readServices(tree).services)
      if (s.kind === "container")
        images.push({
          component: `bastion/${s.name}`,
          image: normaliseImage(s.image),
          source: `${TREE.services} ${s.name}`,
        });
  for (const group of Object.keys(plan.groups) as Group[]) {
    if (!plan.nodes.some((n) => n.group === group)) continue;
    images.push({
      component: `talos/${group}`,
      image: schematicFor(plan, group).urls.installer,
      source: `talos/schematics/${group}.yaml (Image Factory installer, Talos ${plan.talos.version})`,
    });
  }
  images.push(...gitopsImages(tree));
  const table = COZYSTACK_IMAGE_TABLES[plan.cozystack.version];
  if (table)
    for (const i of table.images)
      images.push({
        component: `cozystack/${i.component}`,
        image: i.image,
        source: `CozyStack ${table.version} ${i.source}`,
      });
  else notes.push(`no image table for CozyStack ${plan.cozystack.version}: its images are not in this inventory`);
  if (table) notes.push(`CozyStack ${table.version} images: ${table.provenance}`);
  notes.push(
    "CozyStack: images named by chart values only (not those a template hard-codes or an operator picks at run time, e.g. KubeVirt's virt-*); every package's images are listed, installed by the variant or not",
    "Moonlander's controller: the Node runtime image, and its own image (moonlab/moonlander in the lab registry, mounted as an image volume) which `moonlab moonlander build` and `moonlab moonlander push` put there",
  );
  const seen = new Set<string>();
  const unique = images.filter((i) => {
    const k = `${i.component}|${i.image}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  unique.sort((a, b) => a.component.localeCompare(b.component) || a.image.localeCompare(b.image));
  return { images: unique, notes };
}
