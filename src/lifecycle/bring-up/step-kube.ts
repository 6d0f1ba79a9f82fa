// Steps 8 and 9: the admin kubeconfig fetched from the control plane (`talosctl kubeconfig`) into
// `.moonlab/<lab>/kubeconfig`, owner-only; then the Kubernetes API answers /readyz through the tunnel. The
// kubeconfig stays pointed at the real endpoint; a session copy adds `proxy-url` (kubectl and helm then reach
// 6443 through the bastion without opening it anywhere).
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { LabError } from "../../errors.ts";
import type { GraphStep, Probe } from "../step-graph.ts";
import { type BringUpContext, waitFor } from "./context.ts";
import { ownerOnlyProblem, writeOwnerOnly } from "./files.ts";
import { controlPlane, KUBECONFIG, lastLine, proxyEnv, SESSION_KUBECONFIG, talosctl } from "./talos.ts";

interface KubeconfigDoc {
  clusters?: { name?: string; cluster?: Record<string, unknown> }[];
}

/** The server the kubeconfig's clusters point at, or why it is unusable. */
function kubeconfigProblem(text: string): string | undefined {
  const doc = parse(text) as KubeconfigDoc | null;
  const server = doc?.clusters?.[0]?.cluster?.server;
  return typeof server === "string" && server.startsWith("https://") ? undefined : "it names no https cluster server";
}

/** Writes the session kubeconfig (proxy-url = this wake's tunnel) and returns its path. */
export async function sessionKubeconfig(ctx: BringUpContext): Promise<string> {
  const doc = parse(readFileSync(join(ctx.stateDir, KUBECONFIG), "utf8")) as KubeconfigDoc;
  const proxy = (await proxyEnv(ctx)).HTTPS_PROXY;
  for (const c of doc.clusters ?? []) {
    if (!c.cluster) continue;
    if (proxy) c.cluster["proxy-url"] = proxy;
    else delete c.cluster["proxy-url"];
  }
  return writeOwnerOnly(ctx.stateDir, SESSION_KUBECONFIG, stringify(doc));
}

export const kubeconfigStep: GraphStep<BringUpContext> = {
  id: "kubeconfig",
  title: "kubeconfig written owner-only",
  fix: "`talosctl -n <control plane> kubeconfig` needs a running control plane: see the etcd step's way forward",
  async isDone(ctx) {
    const p = ownerOnlyProblem(ctx.stateDir, KUBECONFIG);
    if (p) return { done: false, evidence: p };
    const bad = kubeconfigProblem(readFileSync(join(ctx.stateDir, KUBECONFIG), "utf8"));
    return bad
      ? { done: false, evidence: `${KUBECONFIG}: ${bad}` }
      : { done: true, evidence: `${ctx.stateDir}/${KUBECONFIG} (0600)` };
  },
  async run(ctx) {
    const cp = controlPlane(ctx);
    // talosctl writes the file itself; give it a private name in the 0700 directory, then check and publish it.
    const tmp = writeOwnerOnly(ctx.stateDir, `${KUBECONFIG}.talosctl-tmp`, "");
    try {
      const r = await talosctl(ctx, cp, ["kubeconfig", tmp, "--force", "--merge=false"]);
      if (r.code !== 0) throw new LabError(`talosctl kubeconfig from ${cp} failed: ${lastLine(r)}`, 1);
      const text = existsSync(tmp) ? readFileSync(tmp, "utf8") : "";
      const bad = kubeconfigProblem(text);
      if (bad) throw new LabError(`talosctl kubeconfig from ${cp} wrote an unusable file: ${bad}`, 1);
      return `fetched from ${cp}; wrote ${writeOwnerOnly(ctx.stateDir, KUBECONFIG, text)}`;
    } finally {
      rmSync(tmp, { force: true });
    }
  },
};

export async function apiReady(ctx: BringUpContext): Promise<Probe> {
  const kc = await sessionKubeconfig(ctx);
  const r = await ctx.operator.run("kubectl", ["--kubeconfig", kc, "get", "--raw=/readyz"], { timeoutMs: 20_000 });
  const body = r.stdout.trim();
  return r.code === 0 && body === "ok"
    ? { done: true, evidence: "GET /readyz: ok" }
    : { done: false, evidence: `GET /readyz: ${r.code === 0 ? body : lastLine(r)}` };
}

export const kubeApiStep: GraphStep<BringUpContext> = {
  id: "kube-api",
  title: "Kubernetes API healthy",
  fix:
    "`kubectl --kubeconfig .moonlab/<lab>/kubeconfig.session get --raw='/readyz?verbose'` names the failing check; " +
    "`talosctl -n <control plane> logs kube-apiserver` (static pod) says why",
  isDone: (ctx) => apiReady(ctx),
  run: (ctx) => waitFor(ctx, "kube-api", "the Kubernetes API", () => apiReady(ctx)),
};
