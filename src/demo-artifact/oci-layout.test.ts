import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { UsageError } from "../errors.ts";
import { REF_NAME_ANNOTATION, readOciLayout, writeOciLayout } from "./oci-layout.ts";
import { buildSpinArtifact } from "./spin-artifact.ts";

const artifact = buildSpinArtifact({
  name: "hello-spin",
  version: "0.1.0",
  componentId: "hello-spin",
  route: "/...",
  wasm: new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00]),
});
const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), "moonlab-oci-"));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("OCI image layout", () => {
  it("writes oci-layout, an index naming the manifest by tag, and every blob under blobs/sha256", () => {
    const dir = tmp();
    const files = writeOciLayout(dir, artifact, "0.1.0");
    expect(JSON.parse(readFileSync(join(dir, "oci-layout"), "utf8"))).toEqual({ imageLayoutVersion: "1.0.0" });
    const index = JSON.parse(readFileSync(join(dir, "index.json"), "utf8"));
    expect(index).toEqual({
      schemaVersion: 2,
      manifests: [
        {
          mediaType: "application/vnd.oci.image.manifest.v1+json",
          digest: artifact.manifestDigest,
          size: artifact.manifestBytes.byteLength,
          annotations: { [REF_NAME_ANNOTATION]: "0.1.0" },
        },
      ],
    });
    const blobs = files.filter((f) => f.startsWith("blobs/")).sort();
    const expected = [artifact.manifestDigest, artifact.config.digest, ...artifact.layers.map((l) => l.digest)]
      .map((d) => `blobs/sha256/${d.slice(7)}`)
      .sort();
    expect(blobs).toEqual(expected);
  });

  it("reads back the same manifest and blobs, verified", () => {
    const dir = tmp();
    writeOciLayout(dir, artifact, "0.1.0");
    const img = readOciLayout(dir, "0.1.0");
    expect(img.manifestDigest).toBe(artifact.manifestDigest);
    expect(img.manifest).toEqual(artifact.manifest);
    expect(img.blobs.map((b) => b.digest)).toEqual([artifact.config.digest, ...artifact.layers.map((l) => l.digest)]);
    expect(readOciLayout(dir).manifestDigest).toBe(artifact.manifestDigest);
  });

  it("refuses a corrupt blob, an unknown tag and a folder that is not a layout", () => {
    const dir = tmp();
    writeOciLayout(dir, artifact, "0.1.0");
    expect(() => readOciLayout(dir, "9.9.9")).toThrow(UsageError);
    writeFileSync(join(dir, "blobs/sha256", artifact.config.digest.slice(7)), "tampered");
    expect(() => readOciLayout(dir, "0.1.0")).toThrow(/corrupt/);
    expect(() => readOciLayout(tmp())).toThrow(/not an OCI image layout/);
  });
});
