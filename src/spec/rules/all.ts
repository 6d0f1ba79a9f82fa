// The list of semantic rules validation runs, in order.
import { acknowledgementsRule } from "./acknowledgements.ts";
import { addressesRule } from "./addresses.ts";
import { awsCatalogRule } from "./aws-catalog.ts";
import { bootModeRule } from "./boot-mode.ts";
import { cachesRule } from "./caches.ts";
import { cozystackResourcesRule, cozystackVariantRule } from "./cozystack-resources.ts";
import { dhcpRule } from "./dhcp.ts";
import { extensionsRule } from "./extensions.ts";
import { gitopsRule } from "./gitops.ts";
import { imagesRule } from "./images.ts";
import { loadBalancerRule } from "./load-balancer.ts";
import { natRule } from "./nat.ts";
import { networkRule } from "./network.ts";
import { nodesRule } from "./nodes.ts";
import { platformRule } from "./platform.ts";
import type { Rule } from "./rule.ts";
import { scheduleRule } from "./schedule.ts";
import { sshRule } from "./ssh.ts";
import { timeServersRule } from "./time-servers.ts";
import { versionsRule } from "./versions.ts";

export const RULES: readonly Rule[] = [
  networkRule,
  addressesRule,
  dhcpRule,
  nodesRule,
  extensionsRule,
  scheduleRule,
  sshRule,
  natRule,
  timeServersRule,
  versionsRule,
  cachesRule,
  imagesRule,
  loadBalancerRule,
  gitopsRule,
  platformRule,
  awsCatalogRule,
  acknowledgementsRule,
  bootModeRule,
  cozystackVariantRule,
  cozystackResourcesRule,
];
