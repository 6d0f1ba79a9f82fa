import { at } from "../../lib/at.ts";
import { DEMO_APP, DEMO_NAMESPACE, RUNTIME_CLASS, SPINAPP_POD_LABEL } from "../../render/gitops/layout.ts";
import { findRendered } from "../../render/gitops/read.ts";
import { defineCheck, fail, verdict } from "../check.ts";
import { withPort } from "../need-port.ts";

export default defineCheck(import.meta.url, {
  test: "T06",
  title: "The demo app's pods run on nodes of the lab's architecture",
  given: "a lab with an architecture (arm64 by default)",
  when: "the gitops tree is rendered (plan) or the demo pods and their nodes are read (live)",
  then: `the RuntimeClass ${RUNTIME_CLASS} the app runs with pins kubernetes.io/arch to the lab's arch (SpinApp has no nodeSelector of its own); live, every running demo pod sits on a node with that arch`,
  why: "The point of the demo is WebAssembly on Graviton: a pod that lands on an amd64 node proves nothing.",
  plan: ({ plan, artifacts }) => {
    const rc = findRendered(artifacts, "RuntimeClass", RUNTIME_CLASS);
    if (!rc) return fail(`no RuntimeClass ${RUNTIME_CLASS} rendered`);
    const arch = (rc.scheduling as { nodeSelector?: Record<string, string> } | undefined)?.nodeSelector?.[
      "kubernetes.io/arch"
    ];
    return verdict(
      arch === plan.arch ? [] : [`RuntimeClass pins kubernetes.io/arch to ${String(arch)}, the lab is ${plan.arch}`],
      [`RuntimeClass ${RUNTIME_CLASS} schedules onto kubernetes.io/arch=${String(arch)}`],
    );
  },
  live: (t) =>
    withPort(t, "kube", async (kube) => {
      const pods = (await kube.list("v1", "Pod", DEMO_NAMESPACE)).filter(
        (p) => p.metadata.labels?.[SPINAPP_POD_LABEL] === DEMO_APP,
      );
      const running = pods.filter((p) => at(p, "status.phase") === "Running");
      if (running.length === 0)
        return fail(
          `no running pod labelled ${SPINAPP_POD_LABEL}=${DEMO_APP} in ${DEMO_NAMESPACE} (${pods.length} pods in all)`,
        );
      const problems: string[] = [];
      const ok: string[] = [];
      for (const p of running) {
        const nodeName = String(at(p, "spec.nodeName") ?? "");
        const node = nodeName ? await kube.get("v1", "Node", nodeName) : undefined;
        const arch = node?.metadata.labels?.["kubernetes.io/arch"];
        const line = `pod ${p.metadata.name} on node ${nodeName || "(none)"} (${arch ?? "arch unknown"})`;
        if (arch === t.plan.arch) ok.push(line);
        else problems.push(`${line}, expected ${t.plan.arch}`);
      }
      return verdict(problems, ok);
    }),
});
