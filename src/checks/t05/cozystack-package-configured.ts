import { at } from "../../lib/at.ts";
import { EXPOSED_SERVICES, PLATFORM_PACKAGE } from "../../render/gitops/cozystack.ts";
import { describeReady, findRendered, isReady } from "../../render/gitops/read.ts";
import { defineCheck, fail, pass, verdict } from "../check.ts";
import { withPort } from "../need-port.ts";

export default defineCheck(import.meta.url, {
  test: "T05",
  title: "CozyStack's platform object is configured from the plan",
  given: "a plan with CozyStack, the Talos endpoint and the Kubernetes networks",
  when: "the gitops tree is rendered (plan) or the cluster is read (live)",
  then: "the v1 Package cozystack.cozystack-platform (or the v0 ConfigMap cozystack) carries the plan's variant, host, API endpoint, exposed services and pod/service/join networks; live, it exists and is Ready",
  why: "CozyStack builds its networking and publishing from this one object; a CIDR that differs from Talos's breaks the CNI.",
  plan: ({ plan, artifacts }) => {
    const k = plan.kubernetes;
    const v1 = plan.cozystack.line === "v1";
    const o = v1
      ? findRendered(artifacts, "Package", PLATFORM_PACKAGE)
      : findRendered(artifacts, "ConfigMap", "cozystack", "cozy-system");
    if (!o) return fail(v1 ? `no Package ${PLATFORM_PACKAGE} rendered` : "no ConfigMap cozy-system/cozystack rendered");
    const want: [string, unknown][] = v1
      ? [
          ["spec.variant", plan.cozystack.variant],
          ["spec.components.platform.values.publishing.host", plan.cozystack.host],
          ["spec.components.platform.values.publishing.apiServerEndpoint", plan.talos.endpoint],
          ["spec.components.platform.values.networking.podCIDR", k.podCidr],
          ["spec.components.platform.values.networking.podGateway", k.podGateway],
          ["spec.components.platform.values.networking.serviceCIDR", k.serviceCidr],
          ["spec.components.platform.values.networking.joinCIDR", k.joinCidr],
          ["spec.components.platform.values.networking.clusterDomain", k.dnsDomain],
        ]
      : [
          ["data.bundle-name", plan.cozystack.variant],
          ["data.root-host", plan.cozystack.host],
          ["data.api-server-endpoint", plan.talos.endpoint],
          ["data.ipv4-pod-cidr", k.podCidr],
          ["data.ipv4-pod-gateway", k.podGateway],
          ["data.ipv4-svc-cidr", k.serviceCidr],
          ["data.ipv4-join-cidr", k.joinCidr],
        ];
    const problems: string[] = [];
    const ok: string[] = [`${o.kind} ${o.metadata.name} in ${o.path}`];
    for (const [path, value] of want) {
      const got = v1 ? at(o, path) : (o.data as Record<string, unknown> | undefined)?.[path.slice("data.".length)];
      if (got !== value) problems.push(`${path} is ${JSON.stringify(got)}, the plan says ${JSON.stringify(value)}`);
      else ok.push(`${path} = ${String(value)}`);
    }
    const exposed = v1
      ? at(o, "spec.components.platform.values.publishing.exposedServices")
      : String((o.data as Record<string, unknown>)["expose-services"] ?? "").split(",");
    if (JSON.stringify(exposed) !== JSON.stringify([...EXPOSED_SERVICES]))
      problems.push(`exposed services are ${JSON.stringify(exposed)}, expected ${EXPOSED_SERVICES.join(", ")}`);
    return verdict(problems, ok);
  },
  live: (t) =>
    withPort(t, "kube", async (kube) => {
      if (t.plan.cozystack.line === "v0") {
        const cm = await kube.get("v1", "ConfigMap", "cozystack", "cozy-system");
        return cm ? pass("ConfigMap cozy-system/cozystack exists") : fail("ConfigMap cozy-system/cozystack is missing");
      }
      const p = await kube.get("cozystack.io/v1alpha1", "Package", PLATFORM_PACKAGE);
      if (!p) return fail(`Package ${PLATFORM_PACKAGE} does not exist (bootstrap/install.sh applies it)`);
      const variant = at(p, "spec.variant");
      const problems: string[] = [];
      if (variant !== t.plan.cozystack.variant)
        problems.push(`variant is ${String(variant)}, the plan says ${t.plan.cozystack.variant}`);
      if (!isReady(p)) problems.push(describeReady(p));
      return verdict(problems, [describeReady(p), `variant ${String(variant)}`]);
    }),
});
