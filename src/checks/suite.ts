// The acceptance suite: every check, in report order, imported statically so the compiler and readers see it.
// A test pins this list against the check files on disk; each check's id is its file path (defineCheck).

import c01ExtensionsOnNodes from "./c01/extensions-on-nodes.ts";
import c01SchematicPerGroup from "./c01/schematic-per-group.ts";
import c02SchematicIdsOffline from "./c02/schematic-ids-offline.ts";
import c03InstallerPinned from "./c03/installer-pinned.ts";
import c03TailscaleGatewayOnly from "./c03/tailscale-gateway-only.ts";
import type { Check } from "./check.ts";
import t01AddressesInsideLabSubnet from "./t01/addresses-inside-lab-subnet.ts";
import t01AddressesUnique from "./t01/addresses-unique.ts";
import t01IgwDefaultRoutes from "./t01/igw-default-routes.ts";
import t01NoNatGateway from "./t01/no-nat-gateway.ts";
import t01NodeEgressPaths from "./t01/node-egress-paths.ts";
import t01OnePublicSubnet from "./t01/one-public-subnet.ts";
import t01RoutesLocalOrIgw from "./t01/routes-local-or-igw.ts";
import t01TemplateWithinCloudformationLimits from "./t01/template-within-cloudformation-limits.ts";
import t01VpcCidrAndIpv6 from "./t01/vpc-cidr-and-ipv6.ts";
import t02BastionAsgBounds from "./t02/bastion-asg-bounds.ts";
import t02BastionSchedule from "./t02/bastion-schedule.ts";
import t02BastionStaticEni from "./t02/bastion-static-eni.ts";
import t02LaunchTemplatesHardened from "./t02/launch-templates-hardened.ts";
import t03BastionServicesComplete from "./t03/bastion-services-complete.ts";
import t03BastionUserDataEmbedded from "./t03/bastion-user-data-embedded.ts";
import t03CachePortsMatchTalosMirrors from "./t03/cache-ports-match-talos-mirrors.ts";
import t03CachesAnswerV2 from "./t03/caches-answer-v2.ts";
import t03DnsThroughPihole from "./t03/dns-through-pihole.ts";
import t03DnsmasqDhcpRange from "./t03/dnsmasq-dhcp-range.ts";
import t03DnsmasqPxeBoot from "./t03/dnsmasq-pxe-boot.ts";
import t03MatchboxAnswersBootIpxe from "./t03/matchbox-answers-boot-ipxe.ts";
import t04BootAssetsFetched from "./t04/boot-assets-fetched.ts";
import t04CachesPulledByNodes from "./t04/caches-pulled-by-nodes.ts";
import t04DhcpAckPerNode from "./t04/dhcp-ack-per-node.ts";
import t04MatchboxSelectsNode from "./t04/matchbox-selects-node.ts";
import t04MatchboxServedAssets from "./t04/matchbox-served-assets.ts";
import t04NodesChainToMatchbox from "./t04/nodes-chain-to-matchbox.ts";
import t04OneGroupPerNode from "./t04/one-group-per-node.ts";
import t04ProfileKernelArgs from "./t04/profile-kernel-args.ts";
import t05CozystackControllersRunning from "./t05/cozystack-controllers-running.ts";
import t05CozystackPackageConfigured from "./t05/cozystack-package-configured.ts";
import t05ImagesForLabArch from "./t05/images-for-lab-arch.ts";
import t05KubevirtRunning from "./t05/kubevirt-running.ts";
import t05MachineConfigsCozystack from "./t05/machine-configs-cozystack.ts";
import t05NodeIdentity from "./t05/node-identity.ts";
import t05PodsImageFailures from "./t05/pods-image-failures.ts";
import t05RegistryMirrorsMatchCaches from "./t05/registry-mirrors-match-caches.ts";
import t05SpinRuntimeClass from "./t05/spin-runtime-class.ts";
import t05TalosHealth from "./t05/talos-health.ts";
import t05TalosPkiConsistent from "./t05/talos-pki-consistent.ts";
import t05VersionMatrixSupported from "./t05/version-matrix-supported.ts";
import t06DemoAnswers from "./t06/demo-answers.ts";
import t06DemoPodsOnArm64 from "./t06/demo-pods-on-arm64.ts";
import t06SpinappDemoDeclared from "./t06/spinapp-demo-declared.ts";
import t07FluxObjectsReady from "./t07/flux-objects-ready.ts";
import t07FluxSyncFromPlan from "./t07/flux-sync-from-plan.ts";
import t07KustomizationsInOrder from "./t07/kustomizations-in-order.ts";
import t08AtRestWithinBudget from "./t08/at-rest-within-budget.ts";
import t08CostReportItemized from "./t08/cost-report-itemized.ts";
import t08LabBudget from "./t08/lab-budget.ts";
import t08MonthToDateUnderBudget from "./t08/month-to-date-under-budget.ts";
import t08MonthWithinMonthlyBudget from "./t08/month-within-monthly-budget.ts";
import t08OnlyExpectedServices from "./t08/only-expected-services.ts";
import t08SessionWithinBudget from "./t08/session-within-budget.ts";
import t09DefaultSgNoRules from "./t09/default-sg-no-rules.ts";
import t09NoOpenIngress from "./t09/no-open-ingress.ts";
import t09NodesNoPublicIpv4 from "./t09/nodes-no-public-ipv4.ts";
import t09ServicesOnlyFromLabSubnet from "./t09/services-only-from-lab-subnet.ts";
import t09SshOnlyFromOperator from "./t09/ssh-only-from-operator.ts";
import t10DemoHealthFromBastion from "./t10/demo-health-from-bastion.ts";
import t10LoadBalancerForTarget from "./t10/load-balancer-for-target.ts";
import t11GuestClusterDeclared from "./t11/guest-cluster-declared.ts";
import t12LandingWiresHarvey from "./t12/landing-wires-harvey.ts";

export const CHECKS: readonly Check[] = [
  t01AddressesInsideLabSubnet,
  t01AddressesUnique,
  t01VpcCidrAndIpv6,
  t01OnePublicSubnet,
  t01IgwDefaultRoutes,
  t01NoNatGateway,
  t01RoutesLocalOrIgw,
  t01NodeEgressPaths,
  t01TemplateWithinCloudformationLimits,
  t02BastionStaticEni,
  t02BastionAsgBounds,
  t02BastionSchedule,
  t02LaunchTemplatesHardened,
  t03BastionServicesComplete,
  t03BastionUserDataEmbedded,
  t03CachesAnswerV2,
  t03CachePortsMatchTalosMirrors,
  t03MatchboxAnswersBootIpxe,
  t03DnsThroughPihole,
  t03DnsmasqDhcpRange,
  t03DnsmasqPxeBoot,
  t04OneGroupPerNode,
  t04ProfileKernelArgs,
  t04NodesChainToMatchbox,
  t04BootAssetsFetched,
  t04MatchboxSelectsNode,
  t04DhcpAckPerNode,
  t04MatchboxServedAssets,
  t04CachesPulledByNodes,
  t05VersionMatrixSupported,
  t05MachineConfigsCozystack,
  t05RegistryMirrorsMatchCaches,
  t05TalosPkiConsistent,
  t05NodeIdentity,
  t05TalosHealth,
  t05CozystackControllersRunning,
  t05CozystackPackageConfigured,
  t05KubevirtRunning,
  t05SpinRuntimeClass,
  t05ImagesForLabArch,
  t05PodsImageFailures,
  t06SpinappDemoDeclared,
  t06DemoPodsOnArm64,
  t06DemoAnswers,
  t07FluxSyncFromPlan,
  t07KustomizationsInOrder,
  t07FluxObjectsReady,
  t08CostReportItemized,
  t08AtRestWithinBudget,
  t08SessionWithinBudget,
  t08MonthWithinMonthlyBudget,
  t08LabBudget,
  t08MonthToDateUnderBudget,
  t08OnlyExpectedServices,
  t09NoOpenIngress,
  t09SshOnlyFromOperator,
  t09NodesNoPublicIpv4,
  t09ServicesOnlyFromLabSubnet,
  t09DefaultSgNoRules,
  t10LoadBalancerForTarget,
  t10DemoHealthFromBastion,
  t11GuestClusterDeclared,
  t12LandingWiresHarvey,
  c01SchematicPerGroup,
  c01ExtensionsOnNodes,
  c02SchematicIdsOffline,
  c03InstallerPinned,
  c03TailscaleGatewayOnly,
];

/** The ids of the suite, in report order. */
export const SUITE: readonly string[] = CHECKS.map((c) => c.id);
