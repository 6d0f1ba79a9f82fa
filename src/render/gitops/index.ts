// The gitops artifact family: the tree a user commits to the fleet repository (see docs/gitops.md).

import { type Artifact, byPath } from "../../artifacts/artifact.ts";
import type { Plan } from "../../plan/types.ts";
import type { Renderer } from "../renderer.ts";
import { renderCozystack } from "./cozystack.ts";
import { harveyRemoteKustomization, renderFlux } from "./flux.ts";
import { DEMO_NAMESPACE, ROOT } from "./layout.ts";
import { demoService, metallbObjects } from "./load-balancing.ts";
import { moonlanderObjects, moonlanderTenantRbac } from "./moonlander.ts";
import { type K8sObject, kustomizationFile, namespace, yamlDocs } from "./objects.ts";
import { readme } from "./readme.ts";
import { demoSpinApp, runtimeClass, spinExecutor, spinOperatorObjects } from "./spinkube.ts";
import {
  guestClusterObject,
  harveyCrossplaneRelease,
  harveyObjects,
  landingCrd,
  landingObject,
  tenantObject,
} from "./tenants.ts";

export { demoImageRef } from "./demo-image.ts";

/** A directory with a kustomization.yaml listing its files (so `kustomize build` and Flux see the same set). */
function dir(
  name: string,
  files: readonly [string, readonly K8sObject[]][],
  extra: readonly string[] = [],
): Artifact[] {
  const present = files.filter(([, objects]) => objects.length > 0);
  return [
    {
      path: `${ROOT}/${name}/kustomization.yaml`,
      content: yamlDocs([kustomizationFile([...extra, ...present.map(([f]) => f)])]),
    },
    ...present.map(([f, objects]) => ({ path: `${ROOT}/${name}/${f}`, content: yamlDocs(objects) })),
  ];
}

export function gitopsArtifacts(plan: Plan): Artifact[] {
  const cozystack = renderCozystack(plan);
  return [
    { path: `${ROOT}/README.md`, content: readme(plan) },
    ...cozystack,
    ...renderFlux(plan),
    // platform.yaml lives in infrastructure/cozystack/ (rendered by cozystack.ts; bootstrap applies the same file).
    ...dir(
      "infrastructure",
      [
        ["spin-operator.yaml", spinOperatorObjects(plan)],
        ["runtime-class.yaml", [runtimeClass(plan)]],
        ["load-balancing.yaml", metallbObjects(plan)],
        ["moonlander-crd.yaml", [landingCrd(plan)]],
        ["moonlander.yaml", moonlanderObjects(plan)],
      ],
      ["cozystack/platform.yaml"],
    ),
    ...dir("apps", [
      ["namespace.yaml", [namespace(plan, DEMO_NAMESPACE)]],
      ["spin-executor.yaml", [spinExecutor(plan)]],
      ["hello-spin.yaml", [demoSpinApp(plan), demoService(plan)]],
    ]),
    ...dir("tenants", [["tenant.yaml", [tenantObject(plan)]]]),
    ...dir("guest", [
      ["harvey-cluster.yaml", [guestClusterObject(plan)]],
      ["landing.yaml", [landingObject(plan)]],
      ["moonlander-rbac.yaml", moonlanderTenantRbac(plan)],
    ]),
    ...dir("harvey-sync", [
      ["crossplane.yaml", harveyCrossplaneRelease(plan)],
      ["remote.yaml", [harveyRemoteKustomization(plan)]],
    ]),
    ...dir("harvey", [["provider.yaml", harveyObjects(plan)]]),
  ].sort(byPath);
}

export const renderGitops: Renderer = (plan) => gitopsArtifacts(plan);
