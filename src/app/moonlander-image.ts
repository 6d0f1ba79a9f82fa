// `moonlab moonlander build|push`: the controller as an OCI image the lab's Deployment mounts as an image volume.
// build: src/cli/moonlander-entry.ts and everything it imports bundled into one moonlander.mjs (rolldown), then an
// image of one tar layer (moonlander.mjs, package.json, the third-party notice) written as an OCI image layout.
// push: that layout to the lab's registry under the reference the Deployment's volume names (moonlanderImageRef).
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { type Bundle, type BundledPackage, bundleEsm } from "../demo-artifact/bundle.ts";
import { type BuiltImage, buildFileImage } from "../demo-artifact/file-image.ts";
import { readOciLayout, writeOciLayout } from "../demo-artifact/oci-layout.ts";
import { formatImageRef, type ImageRef, parseImageRef, refReference } from "../demo-artifact/reference.ts";
import { type PushResult, pushImage, RegistryClient } from "../demo-artifact/registry-client.ts";
import { UsageError } from "../errors.ts";
import type { UstarFile } from "../lib/ustar.ts";
import type { Arch, Plan } from "../plan/types.ts";
import { MOONLANDER_BUNDLE_FILE, MOONLANDER_IMAGE_TAG, moonlanderImageRef } from "../render/gitops/moonlander.ts";

const ROOT = resolve(import.meta.dirname, "../..");
export const MOONLANDER_ENTRY = join(ROOT, "src/cli/moonlander-entry.ts");
export const MOONLANDER_LAYOUT_DIR = "oci";

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** The files of the image's one layer, in archive order. Pure: the same bundle gives the same files. */
export function moonlanderFiles(code: string, packages: readonly BundledPackage[]): UstarFile[] {
  const pkg = {
    name: "moonlander",
    version: MOONLANDER_IMAGE_TAG,
    description: "Moonlander's controller, bundled from moonlab (`moonlab moonlander build`)",
    license: "Apache-2.0",
    type: "module",
    main: MOONLANDER_BUNDLE_FILE,
    private: true,
  };
  const notice = [
    `${MOONLANDER_BUNDLE_FILE} is moonlab's Moonlander controller (Apache-2.0) with these npm packages inlined,`,
    "each under its own license (name@version license):",
    "",
    ...packages.map((p) => `${p.name}@${p.version} ${p.license}`),
    "",
  ].join("\n");
  return [
    { path: MOONLANDER_BUNDLE_FILE, bytes: utf8(code) },
    { path: "package.json", bytes: utf8(`${JSON.stringify(pkg, null, 2)}\n`) },
    { path: "THIRD-PARTY-NOTICES.txt", bytes: utf8(notice) },
  ];
}

/** The image for a bundle: the pure part of `buildMoonlanderImage`. */
export function moonlanderImage(code: string, packages: readonly BundledPackage[], arch: Arch): BuiltImage {
  return buildFileImage({
    files: moonlanderFiles(code, packages),
    architecture: arch,
    annotations: {
      "org.opencontainers.image.title": "moonlander",
      "org.opencontainers.image.version": MOONLANDER_IMAGE_TAG,
      "org.opencontainers.image.description": `Moonlander's controller: node /opt/moonlander/${MOONLANDER_BUNDLE_FILE} (mounted as an image volume)`,
      "org.opencontainers.image.licenses": "Apache-2.0",
    },
  });
}

export interface MoonlanderBuild {
  readonly bundlePath: string;
  readonly bundleBytes: number;
  readonly packages: readonly BundledPackage[];
  readonly layoutDir: string;
  readonly tag: string;
  readonly image: BuiltImage;
}

/** Bundles the controller from this checkout and builds its image, in memory (build writes it; wake pushes it). */
export async function bundleMoonlanderImage(arch: Arch): Promise<{ bundle: Bundle; image: BuiltImage }> {
  const bundle = await bundleEsm(MOONLANDER_ENTRY, ROOT);
  return { bundle, image: moonlanderImage(bundle.code, bundle.packages, arch) };
}

export async function buildMoonlanderImage(options: { outDir: string; arch: Arch }): Promise<MoonlanderBuild> {
  const { bundle, image } = await bundleMoonlanderImage(options.arch);
  const outDir = resolve(options.outDir);
  mkdirSync(outDir, { recursive: true });
  const bundlePath = join(outDir, MOONLANDER_BUNDLE_FILE);
  writeFileSync(bundlePath, bundle.code);
  const layoutDir = join(outDir, MOONLANDER_LAYOUT_DIR);
  writeOciLayout(layoutDir, image, MOONLANDER_IMAGE_TAG);
  return {
    bundlePath,
    bundleBytes: Buffer.byteLength(bundle.code),
    packages: bundle.packages,
    layoutDir,
    tag: MOONLANDER_IMAGE_TAG,
    image,
  };
}

/** The reference to push to: --ref, else the plan's (moonlanderImageRef) with --registry replacing the host:port. */
export function moonlanderPushRef(plan: Plan, options: { ref?: string; registry?: string } = {}): ImageRef {
  if (options.ref) return parseImageRef(options.ref);
  const planned = parseImageRef(moonlanderImageRef(plan));
  if (!options.registry) return planned;
  if (!/^[A-Za-z0-9.-]+(?::\d{1,5})?$|^\[[0-9a-fA-F:]+\](?::\d{1,5})?$/.test(options.registry))
    throw new UsageError(
      `--registry must be host:port (received ${JSON.stringify(options.registry)}); use --ref for a full reference`,
    );
  return parseImageRef(formatImageRef({ ...planned, registry: options.registry }));
}

export interface MoonlanderPush extends PushResult {
  readonly ref: ImageRef;
}

/** Pushes the layout's image (tagged MOONLANDER_IMAGE_TAG in the layout) to `ref`. */
export async function pushMoonlanderImage(layoutDir: string, ref: ImageRef): Promise<MoonlanderPush> {
  const dir = resolve(layoutDir);
  if (!existsSync(join(dir, "index.json")))
    throw new UsageError(
      `--layout ${dir} is not an OCI image layout (no index.json): run \`moonlab moonlander build\` first, or pass the layout it wrote`,
    );
  const image = readOciLayout(dir, MOONLANDER_IMAGE_TAG);
  const result = await pushImage(new RegistryClient(ref.registry), ref.repository, refReference(ref), image);
  return { ...result, ref };
}
