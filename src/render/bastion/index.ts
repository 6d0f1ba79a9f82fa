// The bastion artifact family: the services that netboot and feed the lab (matchbox, registry caches, the lab
// registry, Pi-hole, dnsmasq at home/local), rendered for AWS (cloud-init) and home/local (compose). docs/bastion.md.
import { type Artifact, byPath } from "../../artifacts/artifact.ts";
import type { Renderer } from "../renderer.ts";
import { bundleFiles } from "./bundle.ts";
import { TREE } from "./layout.ts";
import { bastionUserData } from "./user-data.ts";

export const renderBastion: Renderer = (plan) => {
  const out: Artifact[] = bundleFiles(plan);
  if (plan.target === "aws") out.push({ path: TREE.cloudInit, content: bastionUserData(plan) });
  return out.sort(byPath);
};
