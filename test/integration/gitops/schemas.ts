// Validators for every object the gitops tree renders: CRD openAPIV3Schemas fetched at install time (Flux, Flux
// Operator, SpinKube, MetalLB, Crossplane: scripts/test-tools/36-schemas.sh) or kept in test/fixtures/upstream
// (CozyStack Package), CozyStack app values schemas for Tenant and
// Kubernetes, kubernetes-models for core kinds. CRD schemas are made strict (unknown fields rejected, as the API
// server's Strict field validation does) so a misspelt field fails instead of being silently pruned.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import { CustomResourceDefinition } from "kubernetes-models/apiextensions.k8s.io/v1";
import { Deployment } from "kubernetes-models/apps/v1";
import { RuntimeClass } from "kubernetes-models/node.k8s.io/v1";
import { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1";
import { ConfigMap, Namespace, Service, ServiceAccount } from "kubernetes-models/v1";
import { parseAllDocuments } from "yaml";
import { UPSTREAM_SCHEMAS, VENDORED_SCHEMAS } from "../../support/tools.ts";

const CRD_FILES = [
  "flux/gitrepositories.yaml",
  "flux/ocirepositories.yaml",
  "flux/helmrepositories.yaml",
  "flux/kustomizations.yaml",
  "flux/helmreleases.yaml",
  "flux-operator/fluxcd.controlplane.io_fluxinstances.yaml",
  "spinkube/core.spinkube.dev_spinapps.yaml",
  "spinkube/core.spinkube.dev_spinappexecutors.yaml",
  "metallb/metallb.io_ipaddresspools.yaml",
  "metallb/metallb.io_l2advertisements.yaml",
  "crossplane/kubernetes.crossplane.io_providerconfigs.yaml",
].map((f) => join(UPSTREAM_SCHEMAS, f));
const VENDORED_CRDS = ["cozystack/v1.6.2/crds/cozystack.io_packages.yaml"].map((f) => join(VENDORED_SCHEMAS, f));

/** Kinds with no published schema; the tests pin this list so nothing else slips through. */
export const UNVALIDATED = new Set(["pkg.crossplane.io/v1/Provider"]);

type Json = Record<string, unknown>;

/** Every object schema that lists properties and does not preserve unknown fields rejects additional ones. */
export function strict(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strict);
  if (schema === null || typeof schema !== "object") return schema;
  const s = schema as Json;
  const out: Json = {};
  for (const [k, v] of Object.entries(s)) out[k] = k === "enum" || k === "default" || k === "example" ? v : strict(v);
  if (
    s.type === "object" &&
    s.properties !== undefined &&
    s.additionalProperties === undefined &&
    s["x-kubernetes-preserve-unknown-fields"] !== true
  )
    out.additionalProperties = false;
  return out;
}

function newAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true });
  for (const f of ["int32", "int64", "date-time", "duration", "byte", "uri", "hostname"]) ajv.addFormat(f, true);
  return ajv;
}

export interface ObjectValidator {
  /** Problems with one object (empty = valid); throws for a kind without a validator. */
  validate(o: Json): string[];
  kinds(): string[];
  /** Also validate the kinds a CRD of our own defines (Moonlander's Landing) with its schema. */
  addCrd(crd: Json): void;
}

const key = (apiVersion: string, kind: string) => `${apiVersion}/${kind}`;

export function loadValidator(cozystackVersion: string): ObjectValidator {
  const ajv = newAjv();
  const byKind = new Map<string, ValidateFunction>();
  const addCrd = (crd: Json) => {
    const spec = crd.spec as { group: string; names: { kind: string }; versions: Json[] };
    for (const v of spec.versions) {
      if (v.served === false) continue;
      const schema = (v.schema as { openAPIV3Schema: unknown }).openAPIV3Schema;
      byKind.set(key(`${spec.group}/${v.name}`, spec.names.kind), ajv.compile(strict(schema) as Json));
    }
  };
  for (const file of [...CRD_FILES, ...VENDORED_CRDS])
    for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
      const crd = doc.toJS() as Json;
      if (crd?.kind === "CustomResourceDefinition") addCrd(crd);
    }
  const apps = (name: string) => {
    const f = join(VENDORED_SCHEMAS, "cozystack", cozystackVersion, "packages/apps", name, "values.schema.json");
    if (!existsSync(f)) throw new Error(`no values schema for ${name} at ${cozystackVersion}`);
    return ajv.compile(JSON.parse(readFileSync(f, "utf8")) as Json);
  };
  const appValidators = new Map([
    ["Tenant", apps("tenant")],
    ["Kubernetes", apps("kubernetes")],
  ]);
  return {
    addCrd,
    kinds: () => [...byKind.keys(), ...[...appValidators.keys()].map((k) => `apps.cozystack.io/v1alpha1/${k}`)],
    validate(o) {
      const apiVersion = String(o.apiVersion);
      const kind = String(o.kind);
      const problems = metadataProblems(o);
      const crd = byKind.get(key(apiVersion, kind));
      if (crd) {
        if (!crd(o))
          problems.push(...(crd.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`));
        return problems;
      }
      if (apiVersion === "apps.cozystack.io/v1alpha1") {
        const v = appValidators.get(kind);
        if (!v) throw new Error(`no values schema for CozyStack app ${kind}`);
        if (!v(o.spec ?? {})) problems.push(...(v.errors ?? []).map((e) => `spec${e.instancePath} ${e.message}`));
        return problems;
      }
      const model = coreModel(apiVersion, kind);
      if (model) {
        try {
          model(o);
        } catch (e) {
          problems.push((e as Error).message);
        }
        return problems;
      }
      if (UNVALIDATED.has(key(apiVersion, kind))) return problems;
      throw new Error(`no validator for ${key(apiVersion, kind)}`);
    },
  };
}

/** RFC 1123 names as the API server requires (labels for namespaces, subdomains otherwise). */
function metadataProblems(o: Json): string[] {
  const m = o.metadata as { name?: unknown; namespace?: unknown } | undefined;
  const out: string[] = [];
  if (!m || typeof m.name !== "string" || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(m.name) || m.name.length > 253)
    out.push(`metadata.name ${JSON.stringify(m?.name)} is not a DNS subdomain`);
  if (
    m?.namespace !== undefined &&
    (typeof m.namespace !== "string" || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(m.namespace))
  )
    out.push(`metadata.namespace ${JSON.stringify(m.namespace)} is not a DNS label`);
  return out;
}

// kubernetes-models classes validate with the upstream OpenAPI schema of each core kind.
function coreModel(apiVersion: string, kind: string): ((o: Json) => void) | undefined {
  const models: Record<string, (o: Json) => void> = {
    "v1/Namespace": (o) => new Namespace(o as never).validate(),
    "v1/Service": (o) => new Service(o as never).validate(),
    "v1/ConfigMap": (o) => new ConfigMap(o as never).validate(),
    "v1/ServiceAccount": (o) => new ServiceAccount(o as never).validate(),
    "apps/v1/Deployment": (o) => new Deployment(o as never).validate(),
    "rbac.authorization.k8s.io/v1/Role": (o) => new Role(o as never).validate(),
    "rbac.authorization.k8s.io/v1/RoleBinding": (o) => new RoleBinding(o as never).validate(),
    "rbac.authorization.k8s.io/v1/ClusterRole": (o) => new ClusterRole(o as never).validate(),
    "rbac.authorization.k8s.io/v1/ClusterRoleBinding": (o) => new ClusterRoleBinding(o as never).validate(),
    "node.k8s.io/v1/RuntimeClass": (o) => new RuntimeClass(o as never).validate(),
    "apiextensions.k8s.io/v1/CustomResourceDefinition": (o) => new CustomResourceDefinition(o as never).validate(),
  };
  return models[key(apiVersion, kind)];
}
