// KubePort: read-only access to the lab's Kubernetes API (implemented with @kubernetes/client-node).
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Readonly<Record<string, string>>;
  };
  readonly spec?: unknown;
  readonly status?: unknown;
  readonly [key: string]: unknown;
}

export interface KubePort {
  /** Lists objects of a kind (e.g. "kustomize.toolkit.fluxcd.io/v1", "Kustomization"); namespace omitted = all. */
  list(apiVersion: string, kind: string, namespace?: string): Promise<readonly KubeObject[]>;
  /** One object, or undefined when it does not exist. */
  get(apiVersion: string, kind: string, name: string, namespace?: string): Promise<KubeObject | undefined>;
}
