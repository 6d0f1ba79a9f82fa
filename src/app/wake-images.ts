// The bring-up's lab-images step, for real: the lab's own images (Moonlander's controller, built here from this
// checkout; the demo app, when `moonlab demo build` has written its layout) pushed to the registry on the bastion.
// On AWS the registry answers only on the lab subnet, so the registry client goes through a local port forward
// over the bastion connection (adapters/tunnel/local-forward.ts); on the lab's LAN it is reached directly.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Forwarder } from "../adapters/tunnel/connect-proxy.ts";
import { localForward } from "../adapters/tunnel/local-forward.ts";
import { DEMO_APP, DEMO_LAYOUT_DIR, DEMO_OUT_DIR, demoPushRef } from "../demo-artifact/demo-app.ts";
import { readOciLayout } from "../demo-artifact/oci-layout.ts";
import { formatImageRef, type ImageRef, refReference } from "../demo-artifact/reference.ts";
import { pushImage, RegistryClient } from "../demo-artifact/registry-client.ts";
import type { Blob } from "../demo-artifact/spin-artifact.ts";
import type { LabImages } from "../lifecycle/bring-up/context.ts";
import type { Plan } from "../plan/types.ts";
import { bundleMoonlanderImage, moonlanderPushRef } from "./moonlander-image.ts";

interface OwnImage {
  readonly ref: ImageRef;
  readonly manifestDigest: string;
  readonly manifestBytes: Uint8Array;
  readonly blobs: readonly Blob[];
}

export interface WakeImagesOptions {
  /** The demo app's OCI layout (default: where `moonlab demo build` writes it). */
  readonly demoLayout?: string;
  /** Builds Moonlander's image (default: bundled from this checkout, as `moonlab moonlander build` does). */
  readonly buildMoonlander?: (plan: Plan) => Promise<Omit<OwnImage, "ref">>;
}

const buildMoonlander = async (plan: Plan): Promise<Omit<OwnImage, "ref">> => {
  const { image } = await bundleMoonlanderImage(plan.arch);
  return {
    manifestDigest: image.manifestDigest,
    manifestBytes: image.manifestBytes,
    blobs: [image.config, ...image.layers],
  };
};

/** `forward` reaches the lab subnet through the bastion; without it the registry is dialled directly. */
export function wakeLabImages(plan: Plan, forward: Forwarder | undefined, o: WakeImagesOptions = {}): LabImages {
  const registry = `${plan.bastion.address}:${plan.services.registry.port}`;
  const demoLayout = resolve(o.demoLayout ?? join(DEMO_OUT_DIR, DEMO_LAYOUT_DIR));
  let images: Promise<{ own: OwnImage[]; left: string[] }> | undefined;
  const wanted = () => {
    images ??= (async () => {
      const moonlander = { ref: moonlanderPushRef(plan), ...(await (o.buildMoonlander ?? buildMoonlander)(plan)) };
      if (!existsSync(join(demoLayout, "index.json")))
        return {
          own: [moonlander],
          left: [
            `the demo app (no layout at ${demoLayout}: \`moonlab demo build\`, then wake again or \`moonlab demo push\`)`,
          ],
        };
      const demo = readOciLayout(demoLayout, DEMO_APP.version);
      return { own: [moonlander, { ref: demoPushRef(plan), ...demo }], left: [] };
    })();
    return images;
  };
  const withRegistry = async <T>(use: (client: RegistryClient) => Promise<T>): Promise<T> => {
    if (!forward) return use(new RegistryClient(registry));
    const f = await localForward(forward, plan.bastion.address, plan.services.registry.port);
    try {
      return await use(new RegistryClient(f.address));
    } finally {
      await f.close();
    }
  };
  const named = (i: OwnImage) => `${formatImageRef(i.ref)}@${i.manifestDigest.slice(0, 19)}`;
  return {
    async check() {
      const { own, left } = await wanted();
      const stale = await withRegistry(async (c) => {
        const out: OwnImage[] = [];
        for (const i of own)
          if ((await c.manifestDigest(i.ref.repository, refReference(i.ref))) !== i.manifestDigest) out.push(i);
        return out;
      });
      const notBuilt = left.length > 0 ? `; not pushed by wake: ${left.join("; ")}` : "";
      return stale.length === 0
        ? { done: true, evidence: `the lab registry ${registry} holds ${own.map(named).join(", ")}${notBuilt}` }
        : { done: false, evidence: `missing or stale in the lab registry ${registry}: ${stale.map(named).join(", ")}` };
    },
    async push() {
      const { own, left } = await wanted();
      const pushed = await withRegistry(async (c) => {
        const out: string[] = [];
        for (const i of own) {
          const r = await pushImage(c, i.ref.repository, refReference(i.ref), i);
          out.push(`${named(i)} (${r.uploaded} blobs uploaded, ${r.skipped} there)`);
        }
        return out;
      });
      return `pushed ${pushed.join(", ")}${left.length > 0 ? `; left out: ${left.join("; ")}` : ""}`;
    },
  };
}
