// The programs `moonlab wake` shells out to on the operator's machine, and which of their versions it accepts.
// `moonlab doctor` prints this table with the versions found; wake refuses to start when a tool is missing.

export interface OperatorToolSpec {
  readonly tool: "talosctl" | "kubectl" | "helm" | "bash" | "session-manager-plugin";
  /** Why moonlab needs it. */
  readonly purpose: string;
  /** The version wanted, as a person reads it. */
  readonly wanted: string;
  /** Whether a found version (vX.Y.Z) is acceptable. */
  readonly accepts: (version: string) => boolean;
  readonly install: string;
}

const parse = (v: string): [number, number, number] | undefined => {
  const m = /v?(\d+)\.(\d+)\.(\d+)/.exec(v);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
};

const atLeast = (v: string, min: readonly [number, number, number]): boolean => {
  const p = parse(v);
  if (!p) return false;
  for (let i = 0; i < 3; i++) if ((p[i] as number) !== min[i]) return (p[i] as number) > (min[i] as number);
  return true;
};

/** AWS's plugin that carries an SSM session's bytes: needed when the bastion is reached over SSM (the default lab,
 * src/plan/bastion-access.ts). AWS documents SSH through Session Manager from plugin 1.1.23.0; the tests build
 * 1.3.0.0 from its Go module (scripts/test-tools/38-session-manager-plugin.sh). */
export const SESSION_PLUGIN_TOOL: OperatorToolSpec = {
  tool: "session-manager-plugin",
  purpose: "carries SSH to the bastion over SSM Session Manager (no inbound port, no long-lived key)",
  wanted: ">= 1.1.23 (SSH over Session Manager)",
  accepts: (v) => atLeast(v, [1, 1, 23]),
  install:
    "https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-working-with-install-plugin.html " +
    "(Debian/Ubuntu: the session-manager-plugin .deb; macOS: brew install --cask session-manager-plugin)",
};

/** The tools for a lab whose Talos is `talosVersion` (talosctl must match its minor line: the API and flags move);
 * session-manager-plugin too when the bastion is reached over SSM. */
export function operatorTools(
  talosVersion: string,
  o: { readonly sessionPlugin?: boolean } = {},
): readonly OperatorToolSpec[] {
  const minor = /^v?(\d+\.\d+)/.exec(talosVersion)?.[1] ?? talosVersion;
  return [
    {
      tool: "talosctl",
      purpose: "Talos API: boot probe, etcd bootstrap, kubeconfig",
      wanted: `${talosVersion} (any v${minor}.x)`,
      accepts: (v) => parse(v) !== undefined && /^v?(\d+\.\d+)/.exec(v)?.[1] === minor,
      install: `curl -sL https://talos.dev/install | sh, or the ${talosVersion} release binary from github.com/siderolabs/talos`,
    },
    {
      tool: "kubectl",
      purpose: "Kubernetes API health, the CozyStack bootstrap script",
      // proxy-url in kubeconfig (the tunnel through the bastion) needs v1.19; older clients ignore it silently.
      wanted: ">= v1.19.0 (proxy-url), within one minor of the cluster's Kubernetes",
      accepts: (v) => atLeast(v, [1, 19, 0]),
      install: "https://kubernetes.io/docs/tasks/tools/",
    },
    {
      tool: "helm",
      purpose: "the CozyStack installer chart (OCI) in the bootstrap script",
      // OCI registries without the experimental flag: helm v3.8.0.
      wanted: ">= v3.8.0 (OCI charts)",
      accepts: (v) => atLeast(v, [3, 8, 0]),
      install: "https://helm.sh/docs/intro/install/",
    },
    {
      tool: "bash",
      purpose: "runs the rendered gitops/bootstrap/install.sh",
      wanted: ">= 4.0.0",
      accepts: (v) => atLeast(v, [4, 0, 0]),
      install: "your distribution's bash package",
    },
    ...(o.sessionPlugin ? [SESSION_PLUGIN_TOOL] : []),
  ];
}
