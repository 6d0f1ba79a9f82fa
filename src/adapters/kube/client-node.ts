// KubePort over @kubernetes/client-node: KubernetesObjectApi does API discovery (kind -> resource) for any kind,
// CRDs included. A kind the cluster does not serve lists as empty and reads as undefined (the checks then say what
// is missing); an API server that cannot be reached is an EndpointUnreachableError naming host and port.
import { ApiException, KubeConfig, KubernetesObjectApi } from "@kubernetes/client-node";
import { EndpointUnreachableError, LabError } from "../../errors.ts";
import type { KubeObject, KubePort } from "../../ports/kube.ts";

/** client-node's message when discovery finds the group/version but not the kind. */
const NOT_SERVED = /Unrecognized API version and kind/;

export function kubeConfigFrom(file: string, context?: string): KubeConfig {
  const kc = new KubeConfig();
  try {
    kc.loadFromFile(file);
  } catch (e) {
    throw new LabError(`cannot read the kubeconfig ${file}: ${(e as Error).message}`, 2);
  }
  if (context) kc.setCurrentContext(context);
  if (!kc.getCurrentCluster()) throw new LabError(`the kubeconfig ${file} has no current cluster`, 2);
  return kc;
}

function endpoint(kc: KubeConfig): { host: string; port: number } {
  const server = kc.getCurrentCluster()?.server ?? "https://unknown:6443";
  const u = new URL(server);
  return { host: u.hostname, port: Number(u.port || (u.protocol === "https:" ? 443 : 80)) };
}

function unreachable(e: unknown): string | undefined {
  const seen = new Set<unknown>();
  let cur: unknown = e;
  while (cur && typeof cur === "object" && !seen.has(cur)) {
    seen.add(cur);
    const code = (cur as { code?: unknown }).code;
    if (
      typeof code === "string" &&
      /^(ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|UND_ERR_CONNECT_TIMEOUT)$/.test(
        code,
      )
    )
      return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  const msg = e instanceof Error ? e.message : String(e);
  const m = /(ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|ENOTFOUND)/.exec(msg);
  return m?.[1];
}

/** 404 (no such object, or discovery found no such group/version) or a kind the group does not serve. */
function notFound(e: unknown): boolean {
  if (e instanceof ApiException) return e.code === 404;
  return e instanceof Error && NOT_SERVED.test(e.message);
}

export function createKubePort(kc: KubeConfig): KubePort {
  const api = KubernetesObjectApi.makeApiClient(kc);
  const { host, port } = endpoint(kc);
  const wrap = (e: unknown): never => {
    const why = unreachable(e);
    if (why) throw new EndpointUnreachableError("Kubernetes API", host, port, why);
    if (e instanceof ApiException)
      throw new LabError(`Kubernetes API at ${host}:${port} answered ${e.code}: ${String(e.body).slice(0, 200)}`, 3);
    throw e;
  };
  return {
    async list(apiVersion, kind, namespace) {
      try {
        const r = await api.list(apiVersion, kind, namespace);
        // List items carry no apiVersion/kind of their own on the wire; checks name objects by kind.
        return r.items.map((o) => ({ ...(o as object), apiVersion, kind }) as unknown as KubeObject);
      } catch (e) {
        if (!unreachable(e) && notFound(e)) return [];
        return wrap(e);
      }
    },
    async get(apiVersion, kind, name, namespace) {
      try {
        const o = await api.read({ apiVersion, kind, metadata: { name, ...(namespace ? { namespace } : {}) } });
        // Typed kinds come back as client-node model instances; checks read plain fields, which they keep.
        return { apiVersion, kind, ...(o as object) } as unknown as KubeObject;
      } catch (e) {
        if (!unreachable(e) && notFound(e)) return undefined;
        return wrap(e);
      }
    },
  };
}
