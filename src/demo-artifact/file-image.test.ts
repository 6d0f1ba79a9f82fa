// The plain-file OCI image (Moonlander's controller): byte-stable, one uncompressed layer whose digest is also the
// config's diff_id (what containerd checks when it unpacks an image volume), and a tar whose headers read back.
import { describe, expect, it } from "vitest";
import { ustar } from "../lib/ustar.ts";
import { sha256Digest } from "./digest.ts";
import { buildFileImage, LAYER_TAR } from "./file-image.ts";

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const files = [
  { path: "moonlander.mjs", bytes: utf8("console.log('hi');\n") },
  { path: "package.json", bytes: utf8("{}\n") },
];

/** Reads ustar entries back: name, mode, uid, gid, size, mtime and a verified header checksum. */
function entries(tar: Uint8Array) {
  const out: { name: string; mode: number; uid: number; gid: number; mtime: number; body: string }[] = [];
  const text = (a: number, n: number) => new TextDecoder().decode(tar.subarray(a, a + n)).replace(/\0.*$/s, "");
  const num = (a: number, n: number) => Number.parseInt(text(a, n).trim() || "0", 8);
  let at = 0;
  while (at + 512 <= tar.length && tar[at] !== 0) {
    const h = tar.subarray(at, at + 512);
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : (h[i] as number);
    expect(num(at + 148, 8)).toBe(sum);
    expect(text(at + 257, 6)).toBe("ustar");
    const size = num(at + 124, 12);
    out.push({
      name: text(at, 100),
      mode: num(at + 100, 8),
      uid: num(at + 108, 8),
      gid: num(at + 116, 8),
      mtime: num(at + 136, 12),
      body: new TextDecoder().decode(tar.subarray(at + 512, at + 512 + size)),
    });
    at += 512 + Math.ceil(size / 512) * 512;
  }
  expect(tar.subarray(at).every((b) => b === 0)).toBe(true);
  expect(tar.length - at).toBe(1024);
  return out;
}

describe("plain-file OCI image", () => {
  it("is byte-stable: the same files give the same manifest digest", () => {
    const a = buildFileImage({ files, architecture: "arm64" });
    const b = buildFileImage({
      files: files.map((f) => ({ ...f, bytes: new Uint8Array(f.bytes) })),
      architecture: "arm64",
    });
    expect(b.manifestDigest).toBe(a.manifestDigest);
    expect(buildFileImage({ files, architecture: "amd64" }).manifestDigest).not.toBe(a.manifestDigest);
  });

  it("one uncompressed layer whose digest is the config's diff_id; the config names linux and the arch", () => {
    const img = buildFileImage({ files, architecture: "arm64", annotations: { b: "2", a: "1" } });
    expect(img.layers.map((l) => l.mediaType)).toEqual([LAYER_TAR]);
    const config = JSON.parse(new TextDecoder().decode(img.config.bytes));
    expect(config).toEqual({
      architecture: "arm64",
      os: "linux",
      config: {},
      rootfs: { type: "layers", diff_ids: [img.layers[0]?.digest] },
    });
    const manifest = JSON.parse(new TextDecoder().decode(img.manifestBytes));
    expect(sha256Digest(img.manifestBytes)).toBe(img.manifestDigest);
    expect(manifest.mediaType).toBe("application/vnd.oci.image.manifest.v1+json");
    expect(Object.keys(manifest.annotations)).toEqual(["a", "b"]);
    expect(manifest.layers[0]).toEqual({
      mediaType: LAYER_TAR,
      digest: img.layers[0]?.digest,
      size: img.layers[0]?.size,
    });
  });

  it("the tar holds the files in order, owned by 0:0, mtime 0, mode 0644 by default", () => {
    const tar = ustar([...files, { path: "run.sh", bytes: utf8("x".repeat(600)), mode: 0o755 }]);
    expect(entries(tar)).toEqual([
      { name: "moonlander.mjs", mode: 0o644, uid: 0, gid: 0, mtime: 0, body: "console.log('hi');\n" },
      { name: "package.json", mode: 0o644, uid: 0, gid: 0, mtime: 0, body: "{}\n" },
      { name: "run.sh", mode: 0o755, uid: 0, gid: 0, mtime: 0, body: "x".repeat(600) },
    ]);
  });

  it("refuses an absolute, escaping, too long or repeated path", () => {
    const one = (path: string) => () => ustar([{ path, bytes: new Uint8Array() }]);
    expect(one("/etc/passwd")).toThrow(/must be relative/);
    expect(one("../x")).toThrow(/must be relative/);
    expect(one("x".repeat(101))).toThrow(/1-100 bytes/);
    expect(() => ustar([...files, files[0] as (typeof files)[number]])).toThrow(/appears twice/);
  });
});
