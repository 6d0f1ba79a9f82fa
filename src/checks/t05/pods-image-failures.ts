import { gapIdOf } from "../../render/images/architecture.ts";
import { defineCheck, verdict } from "../check.ts";
import { withPort } from "../need-port.ts";

interface ContainerStatus {
  readonly name?: string;
  readonly image?: string;
  readonly state?: { readonly waiting?: { readonly reason?: string; readonly message?: string } };
  readonly lastState?: { readonly terminated?: { readonly reason?: string; readonly message?: string } };
}

/** Waiting reasons of a container whose image could not be pulled (kubelet's image manager). */
const PULL_FAILURES = new Set(["ImagePullBackOff", "ErrImagePull", "InvalidImageName"]);

export default defineCheck(import.meta.url, {
  test: "T05",
  title: "No pod is stuck on its image: none in ImagePullBackOff / ErrImagePull, none exiting with exec format error",
  given: "a lab whose cluster is reachable with a kubeconfig",
  when: "every pod's container statuses (init containers included) are read",
  then: "no container waits on an image pull, and none was terminated with `exec format error` (a binary of another architecture); each offender is named with its image and its gap id",
  why: "A missing arm64 image shows up as ImagePullBackOff (no matching platform in the index) or, for a single-arch image that pulled, as exec format error in a crash loop: naming the pod and image turns a stuck platform into one line to substitute or acknowledge.",
  live: (t) =>
    withPort(t, "kube", async (kube) => {
      const pods = await kube.list("v1", "Pod");
      const problems: string[] = [];
      for (const p of pods) {
        const status = (p.status ?? {}) as {
          containerStatuses?: ContainerStatus[];
          initContainerStatuses?: ContainerStatus[];
        };
        for (const c of [...(status.initContainerStatuses ?? []), ...(status.containerStatuses ?? [])]) {
          const where = `pod ${p.metadata.namespace}/${p.metadata.name} container ${c.name ?? "?"} (${c.image ?? "?"})`;
          const waiting = c.state?.waiting;
          const terminated = c.lastState?.terminated;
          const gap = c.image ? `; gap id ${gapIdOf(t.plan.arch, c.image)}` : "";
          if (waiting?.reason && PULL_FAILURES.has(waiting.reason))
            problems.push(`${where}: ${waiting.reason}${waiting.message ? `: ${waiting.message}` : ""}${gap}`);
          else if (/exec format error/i.test(`${waiting?.message ?? ""} ${terminated?.message ?? ""}`))
            problems.push(
              `${where}: exec format error (${waiting?.reason ?? terminated?.reason ?? "terminated"})${gap}`,
            );
        }
      }
      return verdict(problems, [`${pods.length} pods read: none stuck on an image pull or exec format error`]);
    }),
});
