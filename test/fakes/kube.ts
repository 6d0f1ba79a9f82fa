// KubePort fakes: a fixed set of objects (list/get filter it like the API server), an empty cluster, and a broken
// one whose API cannot be reached.

import { EndpointUnreachableError } from "../../src/errors.ts";
import type { KubeObject, KubePort } from "../../src/ports/kube.ts";

export interface FixedKube extends KubePort {
  readonly calls: string[];
}

export function fixedKube(objects: readonly KubeObject[]): FixedKube {
  const calls: string[] = [];
  const match = (o: KubeObject, apiVersion: string, kind: string, namespace?: string) =>
    o.apiVersion === apiVersion && o.kind === kind && (namespace === undefined || o.metadata.namespace === namespace);
  return {
    calls,
    async list(apiVersion, kind, namespace) {
      calls.push(`list ${apiVersion} ${kind} ${namespace ?? "*"}`);
      return objects.filter((o) => match(o, apiVersion, kind, namespace));
    },
    async get(apiVersion, kind, name, namespace) {
      calls.push(`get ${apiVersion} ${kind} ${namespace ?? ""}/${name}`);
      return objects.find((o) => match(o, apiVersion, kind, namespace) && o.metadata.name === name);
    },
  };
}

export const emptyKube = (): FixedKube => fixedKube([]);

export function brokenKube(): KubePort {
  const fail = async (): Promise<never> => {
    throw new EndpointUnreachableError("Kubernetes API", "10.10.0.101", 6443, "connection refused");
  };
  return { list: fail, get: fail };
}

/** An object with a Ready condition (Flux, CozyStack, SpinKube style). */
export function readyObject(
  apiVersion: string,
  kind: string,
  name: string,
  namespace: string | undefined,
  ready: boolean,
  extra: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion,
    kind,
    metadata: { name, ...(namespace !== undefined ? { namespace } : {}) },
    ...extra,
    status: {
      ...((extra.status as object | undefined) ?? {}),
      conditions: [
        { type: "Ready", status: ready ? "True" : "False", reason: ready ? "Succeeded" : "Failed", message: "" },
      ],
    },
  };
}
