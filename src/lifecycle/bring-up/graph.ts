// The bring-up, asleep to accepted, as one ordered list of steps (docs/bring-up.md). AWS and home differ only in
// how machines are powered (the bastion's Auto Scaling group and node instances vs. your hands or Wake-on-LAN).
import type { GraphStep } from "../step-graph.ts";
import type { BringUpContext } from "./context.ts";
import { bastionStep } from "./step-bastion.ts";
import { configsStep } from "./step-configs.ts";
import { acceptanceStep, cozystackStep, fluxStep } from "./step-cozystack.ts";
import { etcdStep } from "./step-etcd.ts";
import { kubeApiStep, kubeconfigStep } from "./step-kube.ts";
import { labImagesStep } from "./step-lab-images.ts";
import { bootingStep, nodesStep } from "./step-nodes.ts";
import { talosconfigStep } from "./step-talosconfig.ts";

export type BringUpKind = "aws" | "home";

export function bringUpSteps(kind: BringUpKind): readonly GraphStep<BringUpContext>[] {
  return [
    bastionStep(kind),
    configsStep,
    labImagesStep,
    talosconfigStep,
    nodesStep(kind),
    bootingStep,
    etcdStep,
    kubeconfigStep,
    kubeApiStep,
    cozystackStep,
    fluxStep,
    acceptanceStep,
  ];
}

export const STEP_IDS = bringUpSteps("aws").map((s) => s.id);
