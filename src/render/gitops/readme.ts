// The tree's README: what is in it, how it is bootstrapped, and the choices made for this target, stated plainly.
import type { Plan } from "../../plan/types.ts";
import { demoImageRef } from "./demo-image.ts";
import { fluxPath, gitopsLayout, RUNTIME_CLASS, SPIN_NODE_LABEL, STAGES, spinGroups } from "./layout.ts";
import { DEMO_SERVICE, demoEndpoint, lbMode } from "./load-balancing.ts";

export function readme(plan: Plan): string {
  const l = gitopsLayout(plan);
  const ep = demoEndpoint(plan);
  const lines = [
    `# GitOps tree of the ${plan.lab} lab`,
    "",
    `Commit this directory to \`${plan.gitops.repo}\` (branch \`${plan.gitops.branch}\`) at \`${l.repoPath}/\`:`,
    "`moonlab gitops push` does it in one step. CozyStack's Flux then reconciles it.",
    "",
    "## Caveat: CozyStack on arm64 is experimental",
    "",
    plan.arch === "arm64"
      ? "Upstream CozyStack supports amd64 only (arm64 is tracked in cozystack#903). This lab runs it on arm64 on purpose; expect images without arm64 builds. KubeVirt, and so the guest cluster, needs hardware virtualization (a `.metal` instance or a home host)."
      : "This lab is amd64, the architecture CozyStack supports. KubeVirt, and so the guest cluster, needs hardware virtualization (a `.metal` instance or a home host).",
    "",
    "## Bootstrap (once)",
    "",
    `\`bootstrap/install.sh\` installs CozyStack ${plan.cozystack.version} (${plan.cozystack.line === "v1" ? "installer chart + Package `cozystack.cozystack-platform`" : "installer manifest + ConfigMap `cozystack`"}, variant \`${plan.cozystack.variant}\`) and applies \`flux/\`, the sync:`,
    `GitRepository and Kustomization \`${l.sourceNamespace}/${l.sourceName}\` reconcile \`${fluxPath(l, l.dir.flux)}\`.`,
    "",
    "## Stages (Flux Kustomizations, in dependency order, each with health checks)",
    "",
    ...STAGES.map((s) => `- \`${l.kustomization[s]}\``),
    "",
    "crds (spin-operator's CRDs at the chart's tag) -> infrastructure (CozyStack platform, spin-operator, RuntimeClass, load balancing, Landing CRD, the Moonlander controller) -> apps (the demo SpinApp) and tenants (Tenant) -> guest (guest cluster Harvey, Landing, Moonlander's read of its admin kubeconfig) -> harvey (Crossplane and provider-kubernetes inside Harvey).",
    "",
    "## Spin",
    "",
    `RuntimeClass \`${RUNTIME_CLASS}\` (handler \`spin\`) schedules onto nodes labelled \`${SPIN_NODE_LABEL}: "true"\` (groups with siderolabs/spin: ${spinGroups(plan).join(", ") || "none"}) and \`kubernetes.io/arch: ${plan.arch}\`.`,
    `The demo SpinApp runs \`${demoImageRef(plan)}\` from the lab's registry on the bastion.`,
    "",
    "## Load balancing",
    "",
    lbMode(plan) === "metallb-l2"
      ? `MetalLB L2: IPAddressPool and L2Advertisement from the spec's pool; Service \`${DEMO_SERVICE}\` is a LoadBalancer on ${ep.via}.`
      : plan.target === "aws"
        ? `AWS: MetalLB L2 does not work in a VPC (ARP is emulated), so Service \`${DEMO_SERVICE}\` is a NodePort and the bastion, inside the lab subnet, reaches the app through ${ep.via}.`
        : `No load-balancer pool in the spec: Service \`${DEMO_SERVICE}\` is a NodePort, reached through ${ep.via}.`,
    `Health URL: ${ep.url}`,
    "",
  ];
  return lines.join("\n");
}
