// The bastion bundle as files: everything the bastion runs, rendered from the one service list. Used by the
// renderer (tree paths bastion/...) and by the AWS user-data (host paths, via layout.ts).

import { type Artifact, byPath } from "../../artifacts/artifact.ts";
import type { Plan } from "../../plan/types.ts";
import { dnsmasqConf } from "./dnsmasq.ts";
import { firewallRules, natSysctl } from "./firewall.ts";
import { hostPathOf, TREE } from "./layout.ts";
import { bootAssets, groupOf, profileOf } from "./matchbox.ts";
import { envFileText, piholeEnv } from "./pihole.ts";
import { cacheConfig, labRegistryConfig, registryYaml } from "./registry.ts";
import { composeFile, units } from "./runtime.ts";
import { attachEniScript, fetchAssetsScript, type InstallFile, installScript } from "./scripts.ts";
import { sortedJson } from "./serialize.ts";
import { type BastionService, bastionServices, LAB_REGISTRY } from "./services.ts";

/** The machine-readable description of the bundle (services, boot assets), read by checks and `moonlab rehearse`. */
export function servicesDocument(plan: Plan, services: readonly BastionService[] = bastionServices(plan)) {
  return {
    lab: plan.lab,
    target: plan.target,
    matchbox: plan.services.matchbox.url,
    dhcp: plan.network.dhcp.mode,
    services,
    bootAssets: bootAssets(plan),
  };
}

/** Every bundle file except the installer and the AWS user-data (which are built from this list). */
function baseFiles(plan: Plan, services: readonly BastionService[]): Artifact[] {
  const out: Artifact[] = [];
  for (const n of plan.nodes) {
    out.push({ path: `${TREE.profiles}/${n.name}.json`, content: sortedJson(profileOf(plan, n)) });
    out.push({ path: `${TREE.groups}/${n.name}.json`, content: sortedJson(groupOf(n)) });
  }
  for (const c of plan.caches) out.push({ path: TREE.registryConfig(c.name), content: registryYaml(cacheConfig(c)) });
  out.push({ path: TREE.registryConfig(LAB_REGISTRY), content: registryYaml(labRegistryConfig(plan)) });
  out.push({ path: TREE.piholeEnv, content: envFileText(piholeEnv(plan)) });
  if (plan.network.dhcp.mode !== "off") out.push({ path: TREE.dnsmasq, content: dnsmasqConf(plan) });
  out.push({ path: TREE.firewall, content: firewallRules(plan, services), mode: 0o755 });
  if (plan.bastion.nat) out.push({ path: TREE.natSysctl, content: natSysctl() });
  for (const u of units(plan, services)) out.push({ path: `bastion/systemd/${u.name}`, content: u.text });
  if (plan.target !== "aws") out.push({ path: TREE.compose, content: composeFile(plan, services) });
  out.push({ path: TREE.fetchAssets, content: fetchAssetsScript(plan), mode: 0o755 });
  if (plan.target === "aws") out.push({ path: TREE.attachEni, content: attachEniScript(plan), mode: 0o755 });
  return out.sort(byPath);
}

export function installFiles(files: readonly Artifact[]): InstallFile[] {
  const out: InstallFile[] = [];
  for (const f of files) {
    const host = hostPathOf(f.path);
    if (host !== undefined) out.push({ tree: f.path, host, mode: f.mode ?? 0o644 });
  }
  return out;
}

/** The bundle: base files + install.sh + services.json, sorted by path. */
export function bundleFiles(plan: Plan): Artifact[] {
  const services = bastionServices(plan);
  const base = baseFiles(plan, services);
  const install: Artifact = {
    path: TREE.install,
    content: installScript(plan, services, installFiles(base)),
    mode: 0o755,
  };
  const document: Artifact = { path: TREE.services, content: sortedJson(servicesDocument(plan, services)) };
  return [...base, install, document].sort(byPath);
}
