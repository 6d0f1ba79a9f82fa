import { at } from "../../lib/at.ts";
import { demoImageRef } from "../../render/gitops/demo-image.ts";
import { DEMO_APP, DEMO_NAMESPACE, RUNTIME_CLASS, SPIN_EXECUTOR } from "../../render/gitops/layout.ts";
import { findRendered } from "../../render/gitops/read.ts";
import { defineCheck, fail, verdict } from "../check.ts";
import { withPort } from "../need-port.ts";

export default defineCheck(import.meta.url, {
  test: "T06",
  title: "The demo SpinApp runs the lab's image through the Spin executor",
  given: "a plan with the demo app image in the bastion's registry",
  when: "the gitops tree is rendered (plan) or the cluster is read (live)",
  then: `SpinApp ${DEMO_NAMESPACE}/${DEMO_APP} uses the image demoImageRef(plan), executor ${SPIN_EXECUTOR} (which uses RuntimeClass ${RUNTIME_CLASS}) and probes /health; live, all its replicas are ready`,
  why: "This is the workload the lab exists to show: WebAssembly on arm64 Kubernetes, deployed from git.",
  plan: ({ plan, artifacts }) => {
    const app = findRendered(artifacts, "SpinApp", DEMO_APP, DEMO_NAMESPACE);
    if (!app) return fail(`no SpinApp ${DEMO_NAMESPACE}/${DEMO_APP} rendered`);
    const exec = findRendered(artifacts, "SpinAppExecutor", SPIN_EXECUTOR, DEMO_NAMESPACE);
    const problems: string[] = [];
    const image = at(app, "spec.image");
    if (image !== demoImageRef(plan)) problems.push(`image is ${String(image)}, expected ${demoImageRef(plan)}`);
    if (at(app, "spec.executor") !== SPIN_EXECUTOR) problems.push(`executor is ${String(at(app, "spec.executor"))}`);
    if (at(app, "spec.checks.readiness.httpGet.path") !== "/health")
      problems.push("the readiness check does not GET /health");
    if (!exec) problems.push(`no SpinAppExecutor ${DEMO_NAMESPACE}/${SPIN_EXECUTOR} beside the app`);
    else if (at(exec, "spec.deploymentConfig.runtimeClassName") !== RUNTIME_CLASS)
      problems.push(`the executor's runtimeClassName is ${String(at(exec, "spec.deploymentConfig.runtimeClassName"))}`);
    return verdict(problems, [
      `SpinApp ${DEMO_NAMESPACE}/${DEMO_APP} image ${String(image)}`,
      `executor ${SPIN_EXECUTOR} -> ${RUNTIME_CLASS}`,
    ]);
  },
  live: (t) =>
    withPort(t, "kube", async (kube) => {
      const app = await kube.get("core.spinkube.dev/v1alpha1", "SpinApp", DEMO_APP, DEMO_NAMESPACE);
      if (!app) return fail(`SpinApp ${DEMO_NAMESPACE}/${DEMO_APP} does not exist (is moonlab-apps reconciled?)`);
      const want = Number(at(app, "spec.replicas") ?? 1);
      const ready = Number(at(app, "status.readyReplicas") ?? 0);
      const problems: string[] = [];
      if (ready < want) problems.push(`${ready} of ${want} replicas ready`);
      if (at(app, "spec.image") !== demoImageRef(t.plan)) problems.push(`image is ${String(at(app, "spec.image"))}`);
      return verdict(problems, [`SpinApp ${DEMO_NAMESPACE}/${DEMO_APP}: ${ready}/${want} replicas ready`]);
    }),
});
