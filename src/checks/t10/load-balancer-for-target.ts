import { at } from "../../lib/at.ts";
import { planFacts } from "../../render/aws/read.ts";
import { DEMO_NAMESPACE, DEMO_NODE_PORT, LB_POOL_NAME, METALLB_NAMESPACE } from "../../render/gitops/layout.ts";
import { DEMO_SERVICE, lbMode } from "../../render/gitops/load-balancing.ts";
import { findRendered } from "../../render/gitops/read.ts";
import { covers } from "../aws-modes.ts";
import { defineCheck, fail, verdict } from "../check.ts";
import { withPort } from "../need-port.ts";

export default defineCheck(import.meta.url, {
  test: "T10",
  title: "The demo service is exposed the way the target allows",
  given: "a plan with a target and, at home, a load-balancer pool",
  when: "the gitops tree is rendered (plan) or the Service is read (live)",
  then: "home/local with a pool: MetalLB IPAddressPool + L2Advertisement from the spec's pool and a LoadBalancer Service on its first address; AWS (no L2 in a VPC) or no pool: a NodePort Service on the fixed port and no MetalLB objects, and the tree's README says which",
  why: "MetalLB L2 cannot work in a VPC (ARP is emulated); the AWS path must be a different, working one, stated explicitly.",
  plan: ({ plan, artifacts }) => {
    const svc = findRendered(artifacts, "Service", DEMO_SERVICE, DEMO_NAMESPACE);
    if (!svc) return fail(`no Service ${DEMO_NAMESPACE}/${DEMO_SERVICE} rendered`);
    const pool = findRendered(artifacts, "IPAddressPool", LB_POOL_NAME, METALLB_NAMESPACE);
    const l2 = findRendered(artifacts, "L2Advertisement", LB_POOL_NAME, METALLB_NAMESPACE);
    const readme = artifacts.has("gitops/README.md") ? artifacts.text("gitops/README.md") : "";
    const problems: string[] = [];
    const mode = lbMode(plan);
    const type = at(svc, "spec.type");
    if (mode === "metallb-l2") {
      const p = plan.network.loadBalancerPool;
      const want = p ? `${p.start}-${p.end}` : "";
      const addrs = (at(pool, "spec.addresses") as string[] | undefined) ?? [];
      if (!pool || addrs.length !== 1 || addrs[0] !== want)
        problems.push(`IPAddressPool addresses ${JSON.stringify(addrs)}, expected [${want}]`);
      if (!l2 || !((at(l2, "spec.ipAddressPools") as string[] | undefined) ?? []).includes(LB_POOL_NAME))
        problems.push(`no L2Advertisement of pool ${LB_POOL_NAME}`);
      if (type !== "LoadBalancer") problems.push(`Service type is ${String(type)}, expected LoadBalancer`);
      const ip = (svc.metadata.annotations as Record<string, string> | undefined)?.["metallb.io/loadBalancerIPs"];
      if (ip !== p?.start) problems.push(`Service asks MetalLB for ${String(ip)}, expected ${String(p?.start)}`);
      if (!/MetalLB L2/.test(readme)) problems.push("README.md does not state MetalLB L2");
      return verdict(problems, [`MetalLB L2 pool ${want}, Service ${DEMO_SERVICE} LoadBalancer on ${String(ip)}`]);
    }
    if (pool || l2) problems.push("MetalLB objects are rendered where L2 cannot work");
    const port = (at(svc, "spec.ports") as { nodePort?: number }[] | undefined)?.[0]?.nodePort;
    if (type !== "NodePort" || port !== DEMO_NODE_PORT)
      problems.push(`Service is ${String(type)} port ${String(port)}, expected NodePort ${DEMO_NODE_PORT}`);
    if (!/NodePort/.test(readme) || (plan.target === "aws" && !/bastion/.test(readme)))
      problems.push("README.md does not state the NodePort path");
    // On AWS the path only works if a security group admits the NodePort from the lab subnet (the bastion): read
    // the same facts the T09 checks read from the rendered template.
    const facts = plan.target === "aws" ? planFacts(plan, artifacts) : undefined;
    if (
      facts &&
      !facts.securityGroups.some((g) =>
        g.ingress.some((r) => r.source === plan.network.subnet && covers(r, "tcp", DEMO_NODE_PORT)),
      )
    )
      problems.push(`no security group admits tcp ${DEMO_NODE_PORT} from ${plan.network.subnet}`);
    return verdict(problems, [
      `${plan.target}: Service ${DEMO_SERVICE} NodePort ${DEMO_NODE_PORT}, stated in README.md`,
    ]);
  },
  live: (t) =>
    withPort(t, "kube", async (kube) => {
      const svc = await kube.get("v1", "Service", DEMO_SERVICE, DEMO_NAMESPACE);
      if (!svc) return fail(`Service ${DEMO_NAMESPACE}/${DEMO_SERVICE} does not exist`);
      if (lbMode(t.plan) === "metallb-l2") {
        const ip = (at(svc, "status.loadBalancer.ingress") as { ip?: string }[] | undefined)?.[0]?.ip;
        const want = t.plan.network.loadBalancerPool?.start;
        return verdict(ip === want ? [] : [`LoadBalancer address is ${String(ip)}, expected ${String(want)}`], [
          `${DEMO_SERVICE} has ${String(ip)}`,
        ]);
      }
      const port = (at(svc, "spec.ports") as { nodePort?: number }[] | undefined)?.[0]?.nodePort;
      return verdict(port === DEMO_NODE_PORT ? [] : [`NodePort is ${String(port)}, expected ${DEMO_NODE_PORT}`], [
        `${DEMO_SERVICE} NodePort ${String(port)}`,
      ]);
    }),
});
