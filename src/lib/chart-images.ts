// The container images a Helm chart tree names in its values (the form CozyStack ships its packages in:
// packages/<class>/<package>/values.yaml, with vendored charts under charts/<sub>/values.yaml whose keys the
// wrapper overrides under `<sub>:`). Reads values, not rendered templates: an image a template hard-codes or an
// operator chooses at run time is not seen (callers say so where they print the inventory).
// Hand-written: `helm template` would need Helm, a cluster-free render of ~130 charts with their dependencies and
// the platform's values; reading the values is what CozyStack's own arm64 audit (cozystack#984) did by hand.
import { parse } from "yaml";
import { formatImageName, parseImageName } from "./image-name.ts";

export interface ChartFile {
  /** Path inside the release, forward slashes, e.g. packages/system/metallb/values.yaml. */
  readonly path: string;
  readonly text: string;
}

export interface ChartImage {
  /** `<class>/<package>`, e.g. system/metallb. */
  readonly component: string;
  /** Fully qualified reference (registry/repository:tag[@digest]). */
  readonly image: string;
  /** The values file and key that set it, e.g. packages/system/metallb/values.yaml:metallb.controller.image. */
  readonly source: string;
}

const VALUES = /^packages\/([a-z0-9-]+)\/([a-z0-9-]+)\/((?:charts\/[^/]+\/)*)values\.yaml$/;

interface Node {
  readonly fields: Record<string, string>;
  readonly source: string;
  readonly appVersion?: string;
  /** kube-ovn's style: `global.registry.address` names the registry of every repository in the chart. */
  readonly defaultRegistry?: string;
}

const hasHost = (repo: string): boolean => {
  const first = repo.split("/")[0] ?? "";
  return repo.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost");
};

type Yaml = unknown;

const isRecord = (v: Yaml): v is Record<string, Yaml> => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: Yaml): string | undefined =>
  typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined;

/** Collects image-shaped nodes: a string under a key named image/*Image, or an object with a repository. */
function collect(v: Yaml, path: string[], out: Map<string, Record<string, string>>): void {
  if (Array.isArray(v)) {
    v.forEach((x, i) => {
      collect(x, [...path, String(i)], out);
    });
    return;
  }
  if (!isRecord(v)) return;
  const repository = str(v.repository);
  // {repository, tag} (most charts), or {registry, image, tag, digest} (ingress-nginx).
  if ((repository !== undefined && repository !== "") || (str(v.registry) && str(v.image))) {
    const fields: Record<string, string> = {};
    for (const k of ["registry", "repository", "image", "name", "tag", "version", "digest"]) {
      const s = str(v[k]);
      if (s !== undefined && s !== "") fields[k] = s;
    }
    out.set(path.join("."), fields);
    return;
  }
  for (const [k, x] of Object.entries(v)) {
    const s = str(x);
    if (s !== undefined && /(^|[a-z])image$/i.test(k) && s.includes("/")) out.set([...path, k].join("."), { ref: s });
    else if (isRecord(x) && /(^|[a-z])image$/i.test(k) && Object.keys(x).every((f) => f === "tag" || f === "digest")) {
      // A wrapper overriding only the tag of a vendored chart's image object.
      const fields: Record<string, string> = {};
      for (const f of ["tag", "digest"]) {
        const s2 = str(x[f]);
        if (s2) fields[f] = s2;
      }
      if (Object.keys(fields).length > 0) out.set([...path, k].join("."), fields);
    } else collect(x, [...path, k], out);
  }
}

function compose(n: Node): string | undefined {
  const f = n.fields;
  if (f.ref !== undefined) return f.ref;
  const base = f.repository ?? f.image;
  if (base === undefined) return undefined;
  let repo = base;
  // NVIDIA's style: {repository: nvcr.io/nvidia, image: gpu-operator, version: v25.3.0}.
  if (f.repository !== undefined && f.image !== undefined) repo = `${repo}/${f.image}`;
  const registry = f.registry ?? (hasHost(repo) ? undefined : n.defaultRegistry);
  if (registry !== undefined && !repo.startsWith(`${registry}/`)) repo = `${registry}/${repo}`;
  const tagged = f.tag ?? f.version ?? n.appVersion;
  let ref = repo;
  if (tagged !== undefined) ref += tagged.startsWith("@") ? tagged : `:${tagged}`;
  if (f.digest !== undefined && !ref.includes("@")) ref += `@${f.digest}`;
  return ref;
}

/** Every image the values of a release's packages name, by component, the wrapper's overrides applied. */
export function chartImages(files: readonly ChartFile[]): ChartImage[] {
  const byPath = new Map(files.map((f) => [f.path, f.text]));
  const nodes = new Map<string, Node>();
  const registries = new Map<string, string>();
  // Deepest charts first, so a wrapper's override (a shorter prefix) lands on top of the vendored default.
  const values = files
    .map((f) => ({ f, m: VALUES.exec(f.path) }))
    .filter((x): x is { f: ChartFile; m: RegExpExecArray } => x.m !== null)
    .sort((a, b) => b.f.path.split("/").length - a.f.path.split("/").length || a.f.path.localeCompare(b.f.path));
  for (const { f, m } of values) {
    const component = `${m[1]}/${m[2]}`;
    const prefix = (m[3] ?? "")
      .split("/")
      .filter((s, i) => s !== "" && i % 2 === 1)
      .join(".");
    let doc: Yaml;
    try {
      doc = parse(f.text, { uniqueKeys: false, logLevel: "silent" });
    } catch {
      continue; // a values file that is not plain YAML (templated): nothing to read
    }
    const chart = byPath.get(f.path.replace(/values\.yaml$/, "Chart.yaml"));
    let appVersion: string | undefined;
    if (chart) {
      try {
        appVersion = str((parse(chart) as Record<string, Yaml> | null)?.appVersion);
      } catch {
        /* no appVersion */
      }
    }
    const found = new Map<string, Record<string, string>>();
    collect(doc, [], found);
    const globalRegistry = str(
      (
        (isRecord(doc) && isRecord(doc.global) && isRecord(doc.global.registry) ? doc.global.registry : {}) as Record<
          string,
          Yaml
        >
      ).address,
    );
    if (globalRegistry) registries.set(component, globalRegistry);
    for (const [key, fields] of found) {
      // Helm's `global` values reach every subchart under the same key.
      const effective = prefix && !key.startsWith("global.") ? `${prefix}.${key}` : key;
      const id = `${component}|${effective}`;
      const below = nodes.get(id);
      nodes.set(id, {
        fields: below && fields.ref === undefined ? { ...below.fields, ...fields } : fields,
        source: `${f.path}:${key}`,
        ...((below?.appVersion ?? appVersion) !== undefined ? { appVersion: below?.appVersion ?? appVersion } : {}),
      });
    }
  }
  const out = new Map<string, ChartImage>();
  for (const [id, node] of nodes) {
    const component = id.split("|")[0] ?? "";
    const reg = registries.get(component);
    const n = reg !== undefined ? { ...node, defaultRegistry: reg } : node;
    const ref = compose(n);
    const name = ref === undefined ? undefined : parseImageName(ref);
    if (!name) continue;
    const image = formatImageName(name);
    const k = `${component}|${image}`;
    if (!out.has(k)) out.set(k, { component, image, source: n.source });
  }
  return [...out.values()].sort((a, b) => a.component.localeCompare(b.component) || a.image.localeCompare(b.image));
}
