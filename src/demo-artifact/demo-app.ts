// The demo app end to end: build (component + OCI image layout) and push (layout -> registry). The CLI's
// `moonlab demo build|push` and the integration tests call these.
import { copyFileSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Plan } from "../plan/types.ts";
import { DEMO_IMAGE_TAG, demoImageRef } from "../render/gitops/demo-image.ts";
import { type BuiltComponent, buildDemoComponent, DEMO_COMPONENT_FILE } from "./component.ts";
import { readOciLayout, writeOciLayout } from "./oci-layout.ts";
import { formatImageRef, type ImageRef, parseImageRef, refReference } from "./reference.ts";
import { type PushResult, pushImage, RegistryClient } from "./registry-client.ts";
import { buildSpinArtifact, type SpinAppInput, type SpinArtifact } from "./spin-artifact.ts";

/** What spin.toml in demo/hello-spin declares (a unit test keeps the two in step). */
export const DEMO_APP = {
  name: "hello-spin",
  version: DEMO_IMAGE_TAG,
  componentId: "hello-spin",
  route: "/...",
  description: "moonlab demo: answers Hello from Spin (with the node architecture) and /health",
  authors: ["moonlab"],
} as const;

export const DEMO_LAYOUT_DIR = "oci";
/** Where `moonlab demo build` writes by default (relative to the working directory), and where `wake` looks. */
export const DEMO_OUT_DIR = "out/demo";

export interface DemoBuild {
  readonly component: BuiltComponent;
  /** The component copied into the output folder. */
  readonly componentPath: string;
  readonly layoutDir: string;
  readonly artifact: SpinArtifact;
}

export interface DemoBuildOptions {
  readonly outDir: string;
  /** The lab's node architecture, written as NODE_ARCH into the component's environment (the greeting shows it). */
  readonly nodeArch?: string;
  /** RFC 3339 creation time annotation (omit for byte-stable output). */
  readonly created?: string;
}

/** The artifact for a given component: the pure part of `buildDemo`. */
export function demoArtifact(wasm: Uint8Array, options: Omit<DemoBuildOptions, "outDir"> = {}): SpinArtifact {
  const input: SpinAppInput = {
    ...DEMO_APP,
    wasm,
    ...(options.nodeArch ? { env: { NODE_ARCH: options.nodeArch } } : {}),
    ...(options.created ? { created: options.created } : {}),
  };
  return buildSpinArtifact(input);
}

export async function buildDemo(options: DemoBuildOptions): Promise<DemoBuild> {
  const component = await buildDemoComponent();
  const outDir = resolve(options.outDir);
  mkdirSync(outDir, { recursive: true });
  const componentPath = join(outDir, DEMO_COMPONENT_FILE);
  copyFileSync(component.path, componentPath);
  const artifact = demoArtifact(component.bytes, options);
  const layoutDir = join(outDir, DEMO_LAYOUT_DIR);
  writeOciLayout(layoutDir, artifact, DEMO_APP.version);
  return { component, componentPath, layoutDir, artifact };
}

/** The reference to push to: --ref, else the plan's (demoImageRef) with --registry replacing the host:port. */
export function demoPushRef(plan: Plan, options: { ref?: string; registry?: string } = {}): ImageRef {
  if (options.ref) return parseImageRef(options.ref);
  const planned = parseImageRef(demoImageRef(plan));
  return options.registry ? parseImageRef(formatImageRef({ ...planned, registry: options.registry })) : planned;
}

export interface DemoPush extends PushResult {
  readonly ref: ImageRef;
}

/** Pushes the image layout's demo manifest (tagged DEMO_APP.version in the layout) to `ref`. */
export async function pushDemo(layoutDir: string, ref: ImageRef): Promise<DemoPush> {
  const image = readOciLayout(layoutDir, DEMO_APP.version);
  const client = new RegistryClient(ref.registry);
  const result = await pushImage(client, ref.repository, refReference(ref), image);
  return { ...result, ref };
}
