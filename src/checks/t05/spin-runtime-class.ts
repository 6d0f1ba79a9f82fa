import { RUNTIME_CLASS, SPIN_NODE_LABEL, spinGroups } from "../../render/gitops/layout.ts";
import { findRendered } from "../../render/gitops/read.ts";
import { SPIN_HANDLER } from "../../render/gitops/spinkube.ts";
import { defineCheck, fail, verdict } from "../check.ts";
import { withPort } from "../need-port.ts";

export default defineCheck(import.meta.url, {
  test: "T05",
  title: "The wasmtime-spin-v2 RuntimeClass exists and schedules onto spin nodes only",
  given: "a plan whose node groups carry the siderolabs/spin extension",
  when: "the gitops tree is rendered (plan) or the cluster is read (live)",
  then: `RuntimeClass ${RUNTIME_CLASS} has handler ${SPIN_HANDLER} and a nodeSelector on ${SPIN_NODE_LABEL}=true and the lab's kubernetes.io/arch; at least one group has the spin extension`,
  why: "A Spin pod scheduled onto a node without the spin containerd shim never starts.",
  plan: ({ plan, artifacts }) => {
    const rc = findRendered(artifacts, "RuntimeClass", RUNTIME_CLASS);
    if (!rc) return fail(`no RuntimeClass ${RUNTIME_CLASS} rendered`);
    const problems: string[] = [];
    const groups = spinGroups(plan);
    if (groups.length === 0) problems.push("no node group has siderolabs/spin: nothing can run the demo app");
    if (rc.handler !== SPIN_HANDLER) problems.push(`handler is ${String(rc.handler)}, expected ${SPIN_HANDLER}`);
    const sel = (rc.scheduling as { nodeSelector?: Record<string, string> } | undefined)?.nodeSelector ?? {};
    if (sel[SPIN_NODE_LABEL] !== "true") problems.push(`nodeSelector lacks ${SPIN_NODE_LABEL}: "true"`);
    if (sel["kubernetes.io/arch"] !== plan.arch)
      problems.push(`nodeSelector kubernetes.io/arch is ${String(sel["kubernetes.io/arch"])}, the lab is ${plan.arch}`);
    // The selector only works if the Talos machine configs label exactly the spin nodes (when they are rendered).
    const labelled: string[] = [];
    for (const node of plan.nodes) {
      const path = `talos/${node.name}.yaml`;
      if (!artifacts.has(path)) continue;
      const docs = artifacts.yamlAll(path) as { machine?: { nodeLabels?: Record<string, string> } }[];
      const labels = docs.find((d) => d?.machine !== undefined)?.machine?.nodeLabels ?? {};
      const want = groups.includes(node.group);
      const has = labels[SPIN_NODE_LABEL] === "true";
      if (want && !has)
        problems.push(`${path} does not label ${node.name} ${SPIN_NODE_LABEL}=true: no Spin pod can land there`);
      if (!want && has) problems.push(`${path} labels ${node.name} for spin but its group has no spin extension`);
      if (has) labelled.push(node.name);
    }
    return verdict(problems, [
      `RuntimeClass ${RUNTIME_CLASS} handler ${SPIN_HANDLER}`,
      `nodeSelector ${JSON.stringify(sel)}`,
      `groups with spin: ${groups.join(", ")}`,
      `machine configs labelling spin nodes: ${labelled.join(", ") || "(not rendered)"}`,
    ]);
  },
  live: (t) =>
    withPort(t, "kube", async (kube) => {
      const rc = await kube.get("node.k8s.io/v1", "RuntimeClass", RUNTIME_CLASS);
      if (!rc) return fail(`RuntimeClass ${RUNTIME_CLASS} does not exist`);
      const handler = (rc as { handler?: unknown }).handler;
      const problems = handler === SPIN_HANDLER ? [] : [`handler is ${String(handler)}, expected ${SPIN_HANDLER}`];
      const nodes = await kube.list("v1", "Node");
      const spinNodes = nodes.filter((n) => n.metadata.labels?.[SPIN_NODE_LABEL] === "true");
      if (spinNodes.length === 0)
        problems.push(`no node is labelled ${SPIN_NODE_LABEL}=true (the Talos machine configs set it)`);
      return verdict(problems, [
        `RuntimeClass ${RUNTIME_CLASS} handler ${String(handler)}`,
        `nodes labelled ${SPIN_NODE_LABEL}: ${spinNodes.map((n) => n.metadata.name).join(", ")}`,
      ]);
    }),
});
