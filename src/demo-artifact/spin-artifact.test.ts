import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { buildSpinArtifact, LOCKED_APP_DIGEST_LABEL, MEDIA_TYPES, type SpinAppInput } from "./spin-artifact.ts";

const wasm = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00, 1, 2, 3]);
const input: SpinAppInput = {
  name: "hello-spin",
  version: "0.1.0",
  componentId: "hello-spin",
  route: "/...",
  wasm,
  env: { NODE_ARCH: "arm64" },
};
const sha = (b: Uint8Array | string): string => `sha256:${createHash("sha256").update(b).digest("hex")}`;
const text = (b: Uint8Array): string => new TextDecoder().decode(b);

describe("buildSpinArtifact", () => {
  const a = buildSpinArtifact(input);

  it("uses Spin's media types: OCI manifest and config, one wasm layer, the locked app layer last", () => {
    expect(a.manifest.config.mediaType).toBe("application/vnd.oci.image.config.v1+json");
    expect(a.manifest.layers.map((l) => l.mediaType)).toEqual([
      "application/vnd.wasm.content.layer.v1+wasm",
      "application/vnd.fermyon.spin.application.v1+config",
    ]);
    expect(MEDIA_TYPES.manifest).toBe("application/vnd.oci.image.manifest.v1+json");
    // Spin's push writes neither mediaType nor artifactType into the manifest.
    const raw = JSON.parse(text(a.manifestBytes)) as Record<string, unknown>;
    expect(Object.keys(raw)).toEqual(["schemaVersion", "config", "layers", "annotations"]);
    expect(raw.schemaVersion).toBe(2);
  });

  it("describes every blob by its real sha256 digest and size", () => {
    for (const b of [a.config, ...a.layers]) {
      expect(b.digest).toBe(sha(b.bytes));
      expect(b.size).toBe(b.bytes.byteLength);
    }
    expect(a.layers[0]?.bytes).toBe(wasm);
    expect(a.layers[0]?.digest).toBe(sha(wasm));
    expect(a.manifest.layers.map((l) => l.digest)).toEqual(a.layers.map((l) => l.digest));
    expect(a.manifest.config.digest).toBe(a.config.digest);
    expect(a.manifestDigest).toBe(sha(a.manifestBytes));
  });

  it("writes the image config Spin writes, labelled with the locked app layer's digest", () => {
    const lockedDigest = a.layers[1]?.digest;
    expect(text(a.config.bytes)).toBe(
      `{"architecture":"wasm","os":"Wasip1","config":{"Labels":{"${LOCKED_APP_DIGEST_LABEL}":"${lockedDigest}"}},"rootfs":{"type":"layers","diff_ids":[]}}`,
    );
  });

  it("writes a locked app whose component source is the wasm layer, with the HTTP trigger and the env", () => {
    const locked = JSON.parse(text(a.layers[1]?.bytes ?? new Uint8Array())) as Record<string, unknown>;
    expect(locked).toEqual({
      spin_lock_version: 1,
      metadata: { name: "hello-spin", version: "0.1.0", triggers: {}, trigger: { type: "http" } },
      triggers: [
        {
          id: "hello-spin-http-trigger",
          trigger_type: "http",
          trigger_config: { component: "hello-spin", route: "/..." },
        },
      ],
      components: [
        {
          id: "hello-spin",
          source: { content_type: "application/wasm", digest: sha(wasm) },
          env: { NODE_ARCH: "arm64" },
        },
      ],
    });
    expect(Object.keys(locked)).toEqual(["spin_lock_version", "metadata", "triggers", "components"]);
  });

  it("omits env when none is given and annotates title and version (created only when passed)", () => {
    const { env: _env, ...noEnv } = input;
    const b = buildSpinArtifact(noEnv);
    expect(text(b.layers[1]?.bytes ?? new Uint8Array())).not.toContain('"env"');
    expect(b.manifest.annotations).toEqual({
      "org.opencontainers.image.title": "hello-spin",
      "org.opencontainers.image.version": "0.1.0",
    });
    const c = buildSpinArtifact({ ...input, created: "2026-11-26T12:00:00Z" });
    expect(c.manifest.annotations?.["org.opencontainers.image.created"]).toBe("2026-11-26T12:00:00Z");
    expect(c.manifestDigest).not.toBe(a.manifestDigest);
  });

  it("is byte-stable: the same input gives the same manifest digest; another env changes every digest above it", () => {
    expect(buildSpinArtifact(input).manifestDigest).toBe(a.manifestDigest);
    const amd = buildSpinArtifact({ ...input, env: { NODE_ARCH: "amd64" } });
    expect(amd.layers[0]?.digest).toBe(a.layers[0]?.digest);
    expect(amd.layers[1]?.digest).not.toBe(a.layers[1]?.digest);
    expect(amd.config.digest).not.toBe(a.config.digest);
    expect(amd.manifestDigest).not.toBe(a.manifestDigest);
  });
});
