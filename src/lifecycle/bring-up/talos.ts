// talosctl as the bring-up runs it: the lab's talosconfig from `.moonlab/<lab>/`, one node as both endpoint and
// target (no apid proxying needed before the cluster exists), and HTTPS_PROXY pointing at the tunnel through the
// bastion (talosctl dials the Talos API through an HTTP CONNECT proxy since Talos v1.11).
import { join } from "node:path";
import type { OperatorRun } from "../../ports/operator.ts";
import type { BringUpContext } from "./context.ts";

export const TALOSCONFIG = "talosconfig";
export const KUBECONFIG = "kubeconfig";
/** The kubeconfig with proxy-url set to this session's tunnel (rewritten on every wake: the port changes). */
export const SESSION_KUBECONFIG = "kubeconfig.session";

export const talosconfigPath = (ctx: BringUpContext): string => join(ctx.stateDir, TALOSCONFIG);

export async function proxyEnv(ctx: BringUpContext): Promise<Record<string, string>> {
  const t = await ctx.tunnel();
  if (t.proxyUrl === undefined) return {};
  // NO_PROXY from the operator's shell could exempt the lab's private addresses: clear it for these calls.
  return { HTTPS_PROXY: t.proxyUrl, https_proxy: t.proxyUrl, NO_PROXY: "", no_proxy: "" };
}

export async function talosctl(
  ctx: BringUpContext,
  node: string,
  args: readonly string[],
  timeoutMs = 60_000,
): Promise<OperatorRun> {
  return ctx.operator.run(
    "talosctl",
    ["--talosconfig", talosconfigPath(ctx), "--endpoints", node, "--nodes", node, ...args],
    { env: await proxyEnv(ctx), timeoutMs },
  );
}

/** The last non-empty line of a tool's stderr (talosctl puts the gRPC status there). */
export const lastLine = (r: OperatorRun): string =>
  `${r.stderr}\n${r.stdout}`.trim().split("\n").filter(Boolean).pop() ?? `exit ${r.code}`;

export const controlPlane = (ctx: BringUpContext): string => ctx.plan.talos.controlPlaneAddress;
